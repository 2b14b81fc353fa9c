using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Dashboard.Ingest;

/// <summary>Reads a request body within the size limit (also after gzip decompression) and hashes it for idempotency checks.</summary>
internal static class IngestRequestBody
{
    /// <summary>A body read into a pooled buffer (a 1,000-event batch is ~150 KB: a fresh array per request churns the large object heap).</summary>
    public sealed class PooledBody(byte[] buffer, int length) : IDisposable
    {
        private byte[]? buffer = buffer;

        public ReadOnlyMemory<byte> Memory => (buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, length);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref buffer, null) is { } returned)
            {
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
    }

    public static async Task<(PooledBody? Body, IngestRejection? Rejection)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, new IngestRejection(
                StatusCodes.Status415UnsupportedMediaType,
                "content-type",
                "Unsupported content type",
                $"Send the batch as 'Content-Type: application/json', not '{request.ContentType ?? "(none)"}'."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        Stream source = request.Body;
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            source = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
        }
        else if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new IngestRejection(
                StatusCodes.Status415UnsupportedMediaType, "content-type", "Unsupported content encoding", $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding."));
        }

        await using (source.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 64 * 1024));
            var length = 0;
            var handedOver = false;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > maxBytes)
                        {
                            return (null, TooLarge(maxBytes));
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read;
                    try
                    {
                        read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                    }
                    catch (InvalidDataException)
                    {
                        return (null, IngestRejection.Invalid("body", "is not valid gzip"));
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > maxBytes)
                    {
                        return (null, TooLarge(maxBytes));
                    }
                }

                handedOver = true;
                return (new PooledBody(buffer, length), null);
            }
            finally
            {
                if (!handedOver)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    /// <summary>Lower-case hex SHA-256 of the body: a replayed idempotency key must come with the same body.</summary>
    public static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static IngestRejection TooLarge(int maxBytes) =>
        IngestRejection.TooLarge($"The body may be at most {maxBytes} bytes.");
}
