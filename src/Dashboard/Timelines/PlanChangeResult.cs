using Dashboard.Validation;

namespace Dashboard.Timelines;

/// <summary>The outcome of a plan change: the plan's id when saved, the field errors otherwise; warnings (e.g. short notice) either way.</summary>
public sealed record PlanChangeResult(int? PlanId, FieldErrors Errors, FieldErrors Warnings, bool NotFound = false)
{
    public bool Succeeded => PlanId is not null && Errors.IsEmpty;

    public static PlanChangeResult Saved(int planId, FieldErrors? warnings = null) => new(planId, FieldErrors.None, warnings ?? FieldErrors.None);

    public static PlanChangeResult Invalid(FieldErrors errors, FieldErrors? warnings = null) => new(null, errors, warnings ?? FieldErrors.None);

    public static PlanChangeResult Invalid(string field, string message) => Invalid(FieldErrors.Of(field, message));

    public static PlanChangeResult Missing(string what) => new(null, FieldErrors.Of("id", what), FieldErrors.None, NotFound: true);
}
