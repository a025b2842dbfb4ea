using Kins.Core.Connection;
using Kins.Core.Errors;

namespace Kins.Core.Bulk;

/// <summary>
/// Shapes a batch's per-unit failures: each names its unit and context and has the unit as target; a failure of
/// the whole cluster (unreachable, unauthorized, forbidden) is explained in full once, and each further unit it
/// hits gets a one-line error pointing to that first one, instead of the same paragraph again.
/// </summary>
public sealed class UnitFailureReport
{
    private static readonly Dictionary<string, string> ClusterWideCauses = new(StringComparer.Ordinal)
    {
        [KinsErrorIds.ClusterUnreachable] = "the cluster could not be reached",
        [KinsErrorIds.Unauthorized] = "the cluster refused the credentials (401 Unauthorized)",
        [KinsErrorIds.Forbidden] = "the cluster refused the request (403 Forbidden)",
        [KinsErrorIds.CredentialPluginFailed] = "the kubeconfig's credential plugin failed",
    };

    private readonly Dictionary<(string Context, string Server, string ErrorId), BulkUnit> _firstHit = [];

    /// <summary>The error to show for <paramref name="unit"/>; <paramref name="changed"/>: its work had already written to the cluster.</summary>
    public KinsException Describe(BulkUnit unit, Exception error, bool changed)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(error);
        var kins = error as KinsException ?? KubernetesErrors.ToKinsException(error, target: unit.Name);
        var stillGoing = changed ? " It had already been changed; site-manager goes on with it (follow it with Get-NodeUnit)." : string.Empty;
        if (ClusterWideCauses.TryGetValue(kins.ErrorId, out var cause))
        {
            var key = (unit.Context, unit.Server, kins.ErrorId);
            if (_firstHit.TryGetValue(key, out var first))
            {
                return new KinsException(kins.ErrorId, kins.Category,
                    $"{unit.Display} failed: {cause}, as for {first.Name} (that error has the details).{stillGoing}", unit.Name, kins);
            }
            _firstHit[key] = unit;
            return Renamed(kins, unit, stillGoing);
        }
        return Renamed(kins, unit, kins.ErrorId is KinsErrorIds.ApiRequestFailed or KinsErrorIds.OperationCanceled ? stillGoing : string.Empty);
    }

    /// <summary>The same error, its message naming the unit with its context, its target the unit.</summary>
    private static KinsException Renamed(KinsException error, BulkUnit unit, string suffix)
    {
        var named = $"NodeUnit '{unit.Name}'";
        var message = error.Message.Contains(unit.Display, StringComparison.Ordinal) ? error.Message
            : error.Message.Contains(named, StringComparison.Ordinal) ? ReplaceFirst(error.Message, named, unit.Display)
            : $"{unit.Display}: {error.Message}";
        if (message == error.Message && suffix.Length == 0 && Equals(error.Target, unit.Name))
        {
            return error;
        }
        return new KinsException(error.ErrorId, error.Category, message + suffix, unit.Name, error.InnerException)
        {
            RecommendedAction = error.RecommendedAction,
        };
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }
}
