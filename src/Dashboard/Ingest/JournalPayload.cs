using Dashboard.Data.Entities;
using Dashboard.Versions;

namespace Dashboard.Ingest;

/// <summary>
/// The binary form of a request's tallies in the ingest journal. Read back only after a crash, so it favours small and
/// cheap to write: each distinct string is written once and referred to by number after that (a batch repeats a few
/// flag keys, versions and client types across a thousand rows).
/// </summary>
internal static class JournalPayload
{
    private const byte FormatVersion = 1;
    private const int NullString = 0;
    private const int NewString = 1;
    private const int FirstStringReference = 2;

    public static byte[] Encode(IReadOnlyDictionary<RollupKey, RollupTally> rollups, IReadOnlyDictionary<(string FlagKey, int Index), string> variationValues)
    {
        using var buffer = new MemoryStream();
        return Encode(rollups, variationValues, buffer);
    }

    /// <summary>Encodes through <paramref name="buffer"/> (emptied first), so a caller encoding many payloads can reuse one.</summary>
    public static byte[] Encode(
        IReadOnlyDictionary<RollupKey, RollupTally> rollups, IReadOnlyDictionary<(string FlagKey, int Index), string> variationValues, MemoryStream buffer)
    {
        buffer.SetLength(0);
        using (var writer = new StringTableWriter(buffer))
        {
            writer.Write(FormatVersion);
            writer.Write7BitEncodedInt(rollups.Count);
            foreach (var (key, tally) in rollups)
            {
                writer.WriteString(key.FlagKey);
                writer.Write7BitEncodedInt(key.VariationIndex);
                writer.WriteString(key.ValueJson);
                writer.WriteString(key.ConsumerKey);
                writer.WriteString(key.ClientType);
                writer.Write7BitEncodedInt64(key.HourStart);
                writer.WriteVersion(tally.ApiVersion);
                writer.WriteVersion(tally.ClientVersion);
                writer.Write7BitEncodedInt64(tally.Count);
                writer.Write(tally.FirstAt.Ticks);
                writer.Write(tally.LastAt.Ticks);
            }

            writer.Write7BitEncodedInt(variationValues.Count);
            foreach (var ((flagKey, index), value) in variationValues)
            {
                writer.WriteString(flagKey);
                writer.Write7BitEncodedInt(index);
                writer.WriteString(value);
            }
        }

        return buffer.ToArray();
    }

    public static (Dictionary<RollupKey, RollupTally> Rollups, Dictionary<(string FlagKey, int Index), string> VariationValues) Decode(byte[] payload)
    {
        using var reader = new StringTableReader(new MemoryStream(payload, writable: false));
        var format = reader.ReadByte();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"Ingest journal payload format {format} is not known (expected {FormatVersion}).");
        }

        var rollupCount = reader.Read7BitEncodedInt();
        var rollups = new Dictionary<RollupKey, RollupTally>(rollupCount);
        for (var i = 0; i < rollupCount; i++)
        {
            var flagKey = reader.ReadRequiredString();
            var variationIndex = reader.Read7BitEncodedInt();
            var valueJson = reader.ReadNullableString();
            var consumerKey = reader.ReadRequiredString();
            var clientType = reader.ReadRequiredString();
            var hourStart = reader.Read7BitEncodedInt64();
            var apiVersion = reader.ReadVersion();
            var clientVersion = reader.ReadVersion();
            var count = reader.Read7BitEncodedInt64();
            var firstAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            var lastAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
            var tally = new RollupTally(apiVersion, clientVersion, firstAt);
            tally.Add(count, lastAt);
            rollups.Add(new RollupKey(flagKey, variationIndex, valueJson, consumerKey, apiVersion.Value, clientType, clientVersion.Value, hourStart), tally);
        }

        var valueCount = reader.Read7BitEncodedInt();
        var variationValues = new Dictionary<(string, int), string>(valueCount);
        for (var i = 0; i < valueCount; i++)
        {
            variationValues.Add((reader.ReadRequiredString(), reader.Read7BitEncodedInt()), reader.ReadRequiredString());
        }

        return (rollups, variationValues);
    }

    private sealed class StringTableWriter(Stream output) : BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true)
    {
        private readonly Dictionary<string, int> written = new(StringComparer.Ordinal);

        public void WriteString(string? value)
        {
            if (value is null)
            {
                Write7BitEncodedInt(NullString);
            }
            else if (written.TryGetValue(value, out var number))
            {
                Write7BitEncodedInt(FirstStringReference + number);
            }
            else
            {
                Write7BitEncodedInt(NewString);
                Write(value);
                written.Add(value, written.Count);
            }
        }

        public void WriteVersion(RecordedVersion version)
        {
            WriteString(version.Value);
            Write7BitEncodedInt((int)version.Status);
            WriteString(version.SortKey);
        }
    }

    private sealed class StringTableReader(Stream input) : BinaryReader(input, System.Text.Encoding.UTF8)
    {
        private readonly List<string> read = [];

        public string ReadRequiredString() => ReadNullableString() ?? throw new InvalidDataException("Ingest journal payload has a missing string.");

        public RecordedVersion ReadVersion() => new(ReadRequiredString(), (VersionStatus)Read7BitEncodedInt(), ReadRequiredString());

        public string? ReadNullableString()
        {
            var code = Read7BitEncodedInt();
            switch (code)
            {
                case NullString:
                    return null;
                case NewString:
                    var value = ReadString();
                    read.Add(value);
                    return value;
                default:
                    var number = code - FirstStringReference;
                    return number < read.Count ? read[number] : throw new InvalidDataException($"Ingest journal payload refers to string {number} of {read.Count}.");
            }
        }
    }
}
