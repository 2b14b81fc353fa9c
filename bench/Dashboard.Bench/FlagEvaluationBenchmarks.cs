using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Bench;

/// <summary>Hot-path cost of one flag evaluation: 30 clauses (incl. 10 semver) and a SHA-1 rollout.</summary>
[MemoryDiagnoser]
public class FlagEvaluationBenchmarks
{
    private FlagEvaluator _evaluator = null!;
    private EvaluationContext _context = null!;
    private JsonElement _default;

    [GlobalSetup]
    public void Setup()
    {
        var result = FlagStore.Load(BenchmarkFlagData.Build());
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
        }

        _evaluator = new FlagEvaluator(result.Store!);
        _context = EvaluationContext.FromJson(BenchmarkFlagData.ContextJson);
        _default = JsonSerializer.SerializeToElement(false);
        var detail = _evaluator.Evaluate(BenchmarkFlagData.FlagKey, _context, _default);
        if (detail.Reason.Kind != EvaluationReasonKind.RuleMatch || detail.Reason.RuleIndex != 9)
        {
            throw new InvalidOperationException($"benchmark flag did not reach the rollout rule: {detail.Reason}");
        }
    }

    [Benchmark]
    public EvaluationDetail TenRulesWithSemVerAndRollout() =>
        _evaluator.Evaluate(BenchmarkFlagData.FlagKey, _context, _default, FlagValueType.Boolean);
}
