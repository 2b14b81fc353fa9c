using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Dashboard.Flags.Contexts;

namespace Dashboard.Flags.Evaluation;

/// <summary>
/// LaunchDarkly's bucketing: SHA-1 of <c>key.salt.value</c> (or <c>seed.value</c>), first 15 hex
/// digits divided by 0xFFFFFFFFFFFFFFF. Single-precision floats on purpose: the Go evaluator uses
/// float32, and results at slice boundaries must agree with it.
/// </summary>
internal static class Bucketing
{
    private const float LongScale = 0xFFFFFFFFFFFFFFF;
    private const int StackBufferSize = 512;

    /// <summary>Computes the bucket in [0, 1). Returns false only for an invalid bucketBy reference (a malformed flag).</summary>
    public static bool TryComputeBucket(
        EvaluationContext context,
        bool isExperiment,
        int? seed,
        string? contextKind,
        string key,
        AttributeReference? bucketBy,
        string salt,
        out float bucket,
        out bool contextKindMissing)
    {
        bucket = 0;
        contextKindMissing = false;
        var attribute = isExperiment ? null : bucketBy;
        if (attribute is { IsValid: false })
        {
            return false;
        }

        var individual = context.IndividualByKind(contextKind);
        if (individual is null)
        {
            contextKindMissing = true;
            return true;
        }

        var value = attribute is null ? individual.KeyValue : individual.GetValue(attribute);
        string? text = null;
        long number = 0;
        if (value is null || !(value.IsString ? (text = value.Text) is not null : value.TryGetWholeNumber(out number)))
        {
            return true;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length + salt.Length + (text?.Length ?? 0)) + 48;
        byte[]? rented = null;
        var buffer = maxBytes <= StackBufferSize ? stackalloc byte[StackBufferSize] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = 0;
            if (seed is { } seedValue)
            {
                seedValue.TryFormat(buffer, out length, default, CultureInfo.InvariantCulture);
            }
            else
            {
                length = Encoding.UTF8.GetBytes(key, buffer);
                buffer[length++] = (byte)'.';
                length += Encoding.UTF8.GetBytes(salt, buffer[length..]);
            }

            buffer[length++] = (byte)'.';
            if (text is not null)
            {
                length += Encoding.UTF8.GetBytes(text, buffer[length..]);
            }
            else
            {
                number.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture);
                length += written;
            }

            Span<byte> hash = stackalloc byte[Sha1.HashSizeInBytes];
            Sha1.HashData(buffer[..length], hash);
            var firstFifteenHexDigits = BinaryPrimitives.ReadUInt64BigEndian(hash) >> 4;
            bucket = firstFifteenHexDigits / LongScale;
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
