using System.Security.Cryptography;
using Dashboard.Flags.Evaluation;

namespace Dashboard.Tests.Unit.Flags;

public sealed class Sha1Tests
{
    [Fact]
    public void HashData_InputsAroundBlockBoundaries_EqualsPlatformSha1()
    {
        var random = new Random(4711);
        Span<byte> managed = stackalloc byte[Sha1.HashSizeInBytes];
        for (var length = 0; length <= 300; length++)
        {
            var input = new byte[length];
            random.NextBytes(input);

            Sha1.HashData(input, managed);

#pragma warning disable CA5350 // Reference implementation for the bucketing hash, not a security use.
            Assert.Equal(SHA1.HashData(input), managed.ToArray());
#pragma warning restore CA5350
        }
    }
}
