using System.Collections.Concurrent;
using System.Text;

namespace Kins.Sandbox.Faults;

/// <summary>
/// The deterministic dice of the fault layer: a request's number in [0, 1) is a hash of the seed, a key (its method
/// and path) and how many requests with the same key came before it. Unlike one shared random sequence, that does
/// not depend on how concurrent requests interleave, so a seeded run injects the same faults into the same requests.
/// </summary>
internal sealed class FaultDice
{
    private readonly ulong _seed;
    private readonly ConcurrentDictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    public FaultDice(int seed) => _seed = (ulong)(uint)seed;

    /// <summary>The next number for <paramref name="key"/>.</summary>
    public double Roll(string key)
    {
        var n = _occurrences.AddOrUpdate(key, 0, (_, previous) => previous + 1);
        var hash = Mix(Fnv1a(key) ^ Mix(_seed + 0x9E3779B97F4A7C15UL * (ulong)(n + 1)));
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A second, independent bit for the same request (e.g. 500 or 503).</summary>
    public static bool Coin(double roll) => ((ulong)(roll * (1UL << 53)) & 1) == 1;

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>SplitMix64's finaliser: every input bit affects every output bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
