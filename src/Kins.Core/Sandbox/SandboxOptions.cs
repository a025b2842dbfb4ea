using System.Globalization;

namespace Kins.Core.Sandbox;

/// <summary>
/// How to start a Kins sandbox (the local SuperEdge control plane): the world it builds and where it listens.
/// The same options are the sandbox executable's command line (<see cref="ToArguments"/>, <see cref="Parse"/>).
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>Extra units <c>site-0001</c>.. at L3, beside the article's world.</summary>
    public int Sites { get; set; }

    /// <summary>Nodes per extra unit, named <c>site-0001-node-1</c>..</summary>
    public int NodesPerSite { get; set; } = 3;

    /// <summary>How long a new pod takes to turn Ready (zero allowed); with <see cref="ReadyDelayMax"/>, the shortest such delay.</summary>
    public TimeSpan ReadyDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest delay: each pod's delay is drawn uniformly between <see cref="ReadyDelay"/> and this, so a batch
    /// does not turn Ready in lockstep. Null: every pod takes exactly <see cref="ReadyDelay"/>.
    /// </summary>
    public TimeSpan? ReadyDelayMax { get; set; }

    /// <summary>Makes the ready-delay draws repeatable: each pod's delay then depends only on the seed and the pod's name.</summary>
    public int? Seed { get; set; }

    /// <summary>site-manager's <c>--sync-period</c>: how often it passes over every NodeUnit again (30 s, as in SuperEdge).</summary>
    public TimeSpan SyncPeriod { get; set; } = DefaultSyncPeriod;

    public static readonly TimeSpan DefaultSyncPeriod = TimeSpan.FromSeconds(30);

    /// <summary>The node lifecycle controller's <c>--node-monitor-grace-period</c>: how long a node may be silent before it is Unknown.</summary>
    public TimeSpan NodeMonitorGracePeriod { get; set; } = DefaultNodeMonitorGracePeriod;

    public static readonly TimeSpan DefaultNodeMonitorGracePeriod = TimeSpan.FromSeconds(40);

    /// <summary>Start with no CRD and no objects but the namespaces a cluster always has.</summary>
    public bool Empty { get; set; }

    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Where to write the kubeconfig; null for a file in a fresh temporary folder.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>How long <see cref="SandboxProcess.StartAsync"/> waits for the sandbox to say it is ready.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The command-line arguments of the sandbox executable for these options.</summary>
    public IReadOnlyList<string> ToArguments(int? parentProcessId = null)
    {
        var args = new List<string>();
        if (Sites > 0) { args.AddRange(["--sites", Sites.ToString(CultureInfo.InvariantCulture)]); }
        if (NodesPerSite != 3) { args.AddRange(["--nodes-per-site", NodesPerSite.ToString(CultureInfo.InvariantCulture)]); }
        args.AddRange(["--ready-delay", Seconds(ReadyDelay)]);
        if (ReadyDelayMax is { } max) { args.AddRange(["--ready-delay-max", Seconds(max)]); }
        if (Seed is int seed) { args.AddRange(["--seed", seed.ToString(CultureInfo.InvariantCulture)]); }
        if (SyncPeriod != DefaultSyncPeriod) { args.AddRange(["--sync-period", Seconds(SyncPeriod)]); }
        if (NodeMonitorGracePeriod != DefaultNodeMonitorGracePeriod) { args.AddRange(["--node-monitor-grace-period", Seconds(NodeMonitorGracePeriod)]); }
        if (Empty) { args.Add("--empty"); }
        if (Port != 0) { args.AddRange(["--port", Port.ToString(CultureInfo.InvariantCulture)]); }
        if (KubeconfigPath is not null) { args.AddRange(["--kubeconfig", KubeconfigPath]); }
        if (parentProcessId is int pid) { args.AddRange(["--parent-pid", pid.ToString(CultureInfo.InvariantCulture)]); }
        return args;
    }

    /// <summary>Parses the executable's command line; throws <see cref="ArgumentException"/> with a usage hint.</summary>
    public static SandboxOptions Parse(IReadOnlyList<string> args, out int? parentProcessId, out bool ignoreStdin)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SandboxOptions();
        parentProcessId = null;
        ignoreStdin = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--sites": options.Sites = NonNegative(Value(), "--sites"); break;
                case "--nodes-per-site": options.NodesPerSite = NonNegative(Value(), "--nodes-per-site"); break;
                case "--ready-delay": options.ReadyDelay = SecondsValue(Value(), "--ready-delay"); break;
                case "--ready-delay-max": options.ReadyDelayMax = SecondsValue(Value(), "--ready-delay-max"); break;
                case "--seed": options.Seed = NonNegative(Value(), "--seed"); break;
                case "--sync-period":
                    options.SyncPeriod = SecondsValue(Value(), "--sync-period");
                    if (options.SyncPeriod <= TimeSpan.Zero) { throw new ArgumentException($"--sync-period must be more than 0 seconds. {Usage}"); }
                    break;
                case "--node-monitor-grace-period": options.NodeMonitorGracePeriod = SecondsValue(Value(), "--node-monitor-grace-period"); break;
                case "--empty": options.Empty = true; break;
                case "--port": options.Port = NonNegative(Value(), "--port"); break;
                case "--kubeconfig": options.KubeconfigPath = Value(); break;
                case "--parent-pid": parentProcessId = NonNegative(Value(), "--parent-pid"); break;
                case "--ignore-stdin": ignoreStdin = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}");
            }
        }
        if (options.ReadyDelayMax is { } max && max < options.ReadyDelay)
        {
            throw new ArgumentException($"--ready-delay-max ({Seconds(max)} s) is shorter than --ready-delay ({Seconds(options.ReadyDelay)} s). {Usage}");
        }
        return options;
    }

    public const string Usage =
        "Usage: Kins.Sandbox [--sites N] [--nodes-per-site M] [--ready-delay SECONDS [--ready-delay-max SECONDS] [--seed N]] [--sync-period SECONDS] [--node-monitor-grace-period SECONDS] [--empty] [--port P] [--kubeconfig PATH] [--parent-pid PID] [--ignore-stdin]";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static TimeSpan SecondsValue(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{option} must be a number of seconds, not '{text}'. {Usage}");

    private static int NonNegative(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{option} must be a non-negative integer, not '{text}'. {Usage}");
}
