using Kins.Core.Sandbox;
using Kins.Sandbox.Simulation;

namespace Kins.Sandbox.Tests;

/// <summary>Each simulated pod's time to Ready: fixed, or drawn between a minimum and a maximum, repeatable with a seed.</summary>
public sealed class ReadyDelaysTests
{
    private static readonly string[] Pods = Enumerable.Range(0, 200).Select(i => $"kins-system/site-{i:d4}-server-kins-0").ToArray();

    [Fact]
    public void A_spread_draws_each_pods_delay_between_the_minimum_and_the_maximum_so_a_batch_is_not_in_lockstep()
    {
        var delays = new ReadyDelays(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40));

        var drawn = Pods.Select(delays.For).ToList();

        Assert.All(drawn, d => Assert.InRange(d, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)));
        Assert.True(drawn.Distinct().Count() > 150, "the delays are spread out");
        Assert.True(drawn.Min() < TimeSpan.FromSeconds(25) && drawn.Max() > TimeSpan.FromSeconds(35), "the draws cover the range");
    }

    [Fact]
    public void A_seed_makes_every_pods_delay_repeatable_whatever_the_order_and_another_seed_changes_them()
    {
        var first = Pods.Select(new ReadyDelays(TimeSpan.Zero, TimeSpan.FromSeconds(10), seed: 7).For).ToList();
        var reversed = new ReadyDelays(TimeSpan.Zero, TimeSpan.FromSeconds(10), seed: 7);
        var again = Pods.Reverse().Select(reversed.For).Reverse().ToList();
        var other = Pods.Select(new ReadyDelays(TimeSpan.Zero, TimeSpan.FromSeconds(10), seed: 8).For).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Without_a_maximum_every_pod_takes_the_fixed_delay()
    {
        var delays = ReadyDelays.From(new SandboxOptions { ReadyDelay = TimeSpan.FromSeconds(3) });

        Assert.All(Pods, p => Assert.Equal(TimeSpan.FromSeconds(3), delays.For(p)));
        Assert.True(ReadyDelays.From(new SandboxOptions { ReadyDelay = TimeSpan.Zero }).Instant);
    }

    [Fact]
    public void The_executables_flags_carry_the_spread_the_seed_and_the_sync_period()
    {
        var options = new SandboxOptions
        {
            ReadyDelay = TimeSpan.FromSeconds(20), ReadyDelayMax = TimeSpan.FromSeconds(40), Seed = 5, SyncPeriod = TimeSpan.FromSeconds(2),
        };

        var args = options.ToArguments();
        var parsed = SandboxOptions.Parse(args, out _, out _);

        Assert.Equal(["--ready-delay", "20", "--ready-delay-max", "40", "--seed", "5", "--sync-period", "2"], args);
        Assert.Equal((options.ReadyDelay, options.ReadyDelayMax, options.Seed, options.SyncPeriod), (parsed.ReadyDelay, parsed.ReadyDelayMax, parsed.Seed, parsed.SyncPeriod));
        var error = Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(["--ready-delay", "40", "--ready-delay-max", "20"], out _, out _));
        Assert.Contains("--ready-delay-max (20 s) is shorter than --ready-delay (40 s)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(["--sync-period", "0"], out _, out _));
    }
}
