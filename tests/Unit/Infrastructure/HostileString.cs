using System.Globalization;
using Xunit.Abstractions;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// One hostile input for a theory, shown by its label. The value travels through xUnit's test discovery as UTF-16 code
/// units, so control characters and unpaired surrogates arrive unchanged.
/// </summary>
public sealed class HostileString : IXunitSerializable
{
    [Obsolete("For xUnit's deserialization only.")]
    public HostileString()
    {
        Label = Value = "";
    }

    public HostileString(string label, string value)
    {
        Label = label;
        Value = value;
    }

    public string Label { get; private set; }

    public string Value { get; private set; }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Label), Label);
        info.AddValue(nameof(Value), string.Join(',', Value.Select(c => ((int)c).ToString(CultureInfo.InvariantCulture))));
    }

    public void Deserialize(IXunitSerializationInfo info)
    {
        Label = info.GetValue<string>(nameof(Label));
        var units = info.GetValue<string>(nameof(Value));
        Value = units.Length == 0 ? "" : new string(units.Split(',').Select(u => (char)int.Parse(u, CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Also stands in for the value where a test builds a name or key around it.</summary>
    public override string ToString() => Label;
}
