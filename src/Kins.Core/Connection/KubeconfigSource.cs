using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>
/// Where a connection's configuration comes from, chosen like kubectl: an explicit file, else the
/// files of $KUBECONFIG (missing ones skipped, duplicates once), else ~/.kube/config, else the pod's service account.
/// </summary>
internal sealed class KubeconfigSource
{
    private KubeconfigSource(IReadOnlyList<string> files, bool inCluster, string description)
    {
        Files = files;
        InCluster = inCluster;
        Description = description;
    }

    /// <summary>Full paths in precedence order (the first to define a name wins); empty for in-cluster.</summary>
    public IReadOnlyList<string> Files { get; }
    public bool InCluster { get; }
    /// <summary>For messages: which file(s) or "in-cluster service account".</summary>
    public string Description { get; }

    /// <summary>
    /// Identifies the configuration's content cheaply (paths, sizes, write times), so an edited or
    /// re-written kubeconfig (a restarted sandbox) gets a fresh client instead of a stale cached one.
    /// </summary>
    public string Fingerprint => InCluster
        ? "in-cluster"
        : string.Join("\n", Files.Select(f =>
        {
            var info = new FileInfo(f);
            return info.Exists ? $"{f}|{info.Length}|{info.LastWriteTimeUtc.Ticks}" : f + "|missing";
        }));

    public static KubeconfigSource Resolve(string? explicitPath, KubeconfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            // -Kubeconfig takes a list like $KUBECONFIG; every file named explicitly must be there.
            var files = SplitKubeconfigVariable(explicitPath);
            foreach (var file in files)
            {
                RequireFile(file, explicitPath);
            }
            return new KubeconfigSource(files, false, string.Join(Path.PathSeparator, files));
        }

        if (!string.IsNullOrEmpty(environment.KubeconfigVariable))
        {
            var listed = SplitKubeconfigVariable(environment.KubeconfigVariable);
            var existing = listed.Where(File.Exists).ToList();
            if (existing.Count > 0)
            {
                return new KubeconfigSource(existing, false, "$KUBECONFIG (" + string.Join(Path.PathSeparator, existing) + ")");
            }
            return InClusterOrNotFound(environment,
                $"None of the files named by $KUBECONFIG exist ({string.Join(", ", listed)}), and this is not a pod with a service account.");
        }

        var defaultPath = environment.DefaultKubeconfigPath;
        if (defaultPath is not null && File.Exists(defaultPath))
        {
            return new KubeconfigSource([Path.GetFullPath(defaultPath)], false, Path.GetFullPath(defaultPath));
        }
        return InClusterOrNotFound(environment,
            $"No kubeconfig found: -Kubeconfig was not given, $KUBECONFIG is not set, '{defaultPath ?? "~/.kube/config"}' does not exist, and this is not a pod with a service account.");
    }

    private static void RequireFile(string full, string given)
    {
        if (Directory.Exists(full))
        {
            throw new KinsException(KinsErrorIds.KubeconfigNotFound, KinsErrorCategory.InvalidArgument,
                $"'{full}' is a folder, not a kubeconfig file.", given)
            {
                RecommendedAction = "Pass the kubeconfig file itself, e.g. -Kubeconfig " + Path.Combine(full, "config") + ".",
            };
        }
        if (!File.Exists(full))
        {
            throw new KinsException(KinsErrorIds.KubeconfigNotFound, KinsErrorCategory.ObjectNotFound,
                $"The kubeconfig file '{full}' does not exist.", given);
        }
    }

    /// <summary>kubectl's split: the OS path-list separator, empty entries ignored, each file once.</summary>
    public static IReadOnlyList<string> SplitKubeconfigVariable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Split(Path.PathSeparator)
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static KubeconfigSource InClusterOrNotFound(KubeconfigEnvironment environment, string message) =>
        environment.IsInCluster
            ? new KubeconfigSource([], true, "in-cluster service account")
            : throw new KinsException(KinsErrorIds.KubeconfigNotFound, KinsErrorCategory.ObjectNotFound, message)
            {
                RecommendedAction = "Pass -Kubeconfig <path>, set $env:KUBECONFIG, or create ~/.kube/config.",
            };
}
