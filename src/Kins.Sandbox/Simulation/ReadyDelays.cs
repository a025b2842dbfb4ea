using System.Text;
using Kins.Core.Sandbox;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// How long each simulated pod takes from creation to Ready: a fixed delay, or one drawn uniformly between a minimum
/// and a maximum per pod, so that a batch of edge clusters does not come up in lockstep. With a seed, a pod's delay
/// depends only on the seed and its namespace/name (repeatable whatever order pods are created in).
/// </summary>
internal sealed class ReadyDelays
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly int? _seed;

    public ReadyDelays(TimeSpan min, TimeSpan? max = null, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, TimeSpan.Zero);
        _min = min;
        _max = max ?? min;
        ArgumentOutOfRangeException.ThrowIfLessThan(_max, _min, nameof(max));
        _seed = seed;
    }

    public static ReadyDelays From(SandboxOptions options) => new(options.ReadyDelay, options.ReadyDelayMax, options.Seed);

    /// <summary>True when every pod is Ready at creation.</summary>
    public bool Instant => _max <= TimeSpan.Zero;

    /// <summary>The delay of the pod with this <c>namespace/name</c> key.</summary>
    public TimeSpan For(string podKey)
    {
        if (_max == _min)
        {
            return _min;
        }
        var fraction = _seed is int seed ? Fraction(seed, podKey) : Random.Shared.NextDouble();
        return _min + ((_max - _min) * fraction);
    }

    /// <summary>A stable fraction in [0, 1) from FNV-1a of the seed and the key (string.GetHashCode differs per process).</summary>
    private static double Fraction(int seed, string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return (hash >> 11) / (double)(1UL << 53);
    }
}
