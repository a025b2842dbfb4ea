using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>
/// The cluster an emitted object came from: its kubeconfig file(s), context and API server. Context names identify
/// nothing on their own (every sandbox is "kins-sandbox", every edge cluster "default"), so the server URL is the check.
/// </summary>
public static class ClusterIdentity
{
    /// <summary>Whether two API server URLs name the same endpoint (scheme, host, port and path; case and a trailing slash ignored).</summary>
    public static bool SameServer(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }
        return Uri.TryCreate(a.Trim(), UriKind.Absolute, out var left) && Uri.TryCreate(b.Trim(), UriKind.Absolute, out var right)
            ? Normalize(left) == Normalize(right)
            : string.Equals(a.Trim().TrimEnd('/'), b.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalize(Uri uri) =>
        $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.AbsolutePath.TrimEnd('/')}".ToUpperInvariant();

    /// <summary>
    /// The selected connection reaches another server than the one the object was read from.
    /// <paramref name="explicitSelection"/>: -Kubeconfig/-Context were given on the command line (else the object's own, now pointing elsewhere).
    /// </summary>
    public static KinsException ServerMismatch(string unit, KinsConnection connection, string expectedServer, bool explicitSelection) =>
        new(KinsErrorIds.ClusterMismatch, KinsErrorCategory.InvalidArgument,
            explicitSelection
                ? $"NodeUnit '{unit}' was read from the API server {expectedServer}, but -Kubeconfig/-Context select context '{connection.ContextName}' on {connection.Server}. Kins does not guess which cluster you mean; nothing was changed."
                : $"NodeUnit '{unit}' was read from the API server {expectedServer}, but its context '{connection.ContextName}' of {connection.KubeconfigDescription} now points to {connection.Server}. Nothing was changed.",
            unit)
        {
            RecommendedAction = explicitSelection
                ? "Drop -Kubeconfig/-Context to act on the cluster the unit came from, or pipe the unit's name (a string) to act on the selected cluster."
                : "Read the unit again with Get-NodeUnit from the cluster you mean, or pass its name with -Kubeconfig/-Context.",
        };

    /// <summary>The cluster a piped object came from can no longer be reached through its kubeconfig and context.</summary>
    public static KinsException Unreachable(string unit, string? kubeconfig, string? context, string? server, KinsException cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        var from = $"context '{context ?? "(current)"}' of {(string.IsNullOrEmpty(kubeconfig) ? "the default kubeconfig" : $"'{kubeconfig}'")}{(string.IsNullOrEmpty(server) ? string.Empty : $" (server {server})")}";
        return new KinsException(cause.ErrorId, cause.Category,
            $"NodeUnit '{unit}' was read from {from}, which can no longer be used: {cause.Message} Nothing was changed, and the current $env:KUBECONFIG was not used instead.",
            unit, cause)
        {
            RecommendedAction = cause.RecommendedAction ?? "Read the unit again with Get-NodeUnit from the cluster you mean, or pass its name with -Kubeconfig/-Context.",
        };
    }
}
