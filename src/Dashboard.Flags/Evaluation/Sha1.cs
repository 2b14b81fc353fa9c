using System.Buffers.Binary;
using System.Numerics;

namespace Dashboard.Flags.Evaluation;

/// <summary>
/// SHA-1 for the short inputs of bucketing (<c>key.salt.value</c>). The platform's one-shot SHA-1 goes
/// through OpenSSL and costs ~350 ns per call here, a third of a whole flag evaluation; this managed
/// version needs ~100 ns. It is a hash for spreading contexts over buckets, never for security; unit
/// tests check it against <see cref="System.Security.Cryptography.SHA1"/>.
/// </summary>
internal static class Sha1
{
    public const int HashSizeInBytes = 20;

    public static void HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        Span<uint> schedule = stackalloc uint[80];
        Span<byte> tail = stackalloc byte[128];

        var fullBlocks = source.Length / 64;
        for (var block = 0; block < fullBlocks; block++)
        {
            Compress(source.Slice(block * 64, 64), schedule, ref h0, ref h1, ref h2, ref h3, ref h4);
        }

        // Padding: 0x80, zeros, then the message length in bits as a big-endian 64-bit number.
        var remaining = source[(fullBlocks * 64)..];
        tail.Clear();
        remaining.CopyTo(tail);
        tail[remaining.Length] = 0x80;
        var tailLength = remaining.Length + 9 <= 64 ? 64 : 128;
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 8, 8), (ulong)source.Length * 8);
        for (var offset = 0; offset < tailLength; offset += 64)
        {
            Compress(tail.Slice(offset, 64), schedule, ref h0, ref h1, ref h2, ref h3, ref h4);
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, h0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], h1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], h2);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], h3);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], h4);
    }

    private static void Compress(ReadOnlySpan<byte> block, Span<uint> w, ref uint h0, ref uint h1, ref uint h2, ref uint h3, ref uint h4)
    {
        for (var i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(i * 4, 4));
        }

        for (var i = 16; i < 80; i++)
        {
            w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }

        uint a = h0, b = h1, c = h2, d = h3, e = h4;
        for (var i = 0; i < 80; i++)
        {
            uint f, k;
            if (i < 20)
            {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            }
            else if (i < 40)
            {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            }
            else if (i < 60)
            {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            }
            else
            {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }

            var temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        h0 += a;
        h1 += b;
        h2 += c;
        h3 += d;
        h4 += e;
    }
}
