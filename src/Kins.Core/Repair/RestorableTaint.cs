using k8s.Models;
using System.Text.RegularExpressions;
using Kins.Core.Errors;
using Kins.Core.SuperEdge;

namespace Kins.Core.Repair;

/// <summary>
/// A taint the user names to put back on a unit's nodes, written as kubectl writes it: <c>key[=value]:NoSchedule</c>.
/// Only what site-manager's L3 taint filter strips can be named (kins.go:580-596 drops every NoSchedule taint from
/// <c>spec.setNode.taints</c>), minus its own <c>kins</c> taint and the keys Kubernetes' own controllers own.
/// </summary>
public static partial class RestorableTaint
{
    private const string NoSchedule = "NoSchedule";

    /// <summary>Parses <paramref name="text"/>; throws an InvalidArgument <see cref="KinsException"/> saying what is wrong.</summary>
    public static NodeTaint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw Invalid(text, "write it as key[=value]:NoSchedule, as kubectl taint does");
        }
        var keyValue = text[..colon];
        var effect = text[(colon + 1)..];
        if (!string.Equals(effect, NoSchedule, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(text, $"the effect is '{effect}': site-manager's L3 taint filter strips only NoSchedule taints, and keeps PreferNoSchedule and NoExecute taints in spec.setNode.taints, so only a NoSchedule taint can need restoring");
        }
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? keyValue : keyValue[..equals];
        var value = equals < 0 ? null : keyValue[(equals + 1)..];
        if (!QualifiedName().IsMatch(key) || key.Length > 316)
        {
            throw Invalid(text, $"'{key}' is not a valid taint key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.')");
        }
        if (value is not null && (value.Length > 63 || (value.Length > 0 && !LabelValue().IsMatch(value))))
        {
            throw Invalid(text, $"'{value}' is not a valid taint value (up to 63 letters, digits, '-', '_' or '.')");
        }
        if (key == SuperEdgeNames.KinsTaintKey)
        {
            throw Invalid(text, "the kins taint is site-manager's own: it adds it at promotion and a demoted unit must not keep it");
        }
        if (IsKubernetesOwned(key))
        {
            throw Invalid(text, $"'{key}' is a key Kubernetes' own controllers set and lift (e.g. node.kubernetes.io/unreachable); site-manager's filter never took it");
        }
        return new NodeTaint(key, string.IsNullOrEmpty(value) ? null : value, NoSchedule);
    }

    /// <summary>
    /// Keys under kubernetes.io or k8s.io (node.kubernetes.io/*, node-role.kubernetes.io/*, …): the node lifecycle
    /// controller, the cloud controller and kubeadm own them; they are never leftovers of a unit.
    /// </summary>
    public static bool IsKubernetesOwned(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }
        var prefix = key[..slash];
        return prefix is "kubernetes.io" or "k8s.io"
            || prefix.EndsWith(".kubernetes.io", StringComparison.Ordinal)
            || prefix.EndsWith(".k8s.io", StringComparison.Ordinal);
    }

    private static KinsException Invalid(string text, string why) =>
        new(KinsErrorIds.InvalidTaint, KinsErrorCategory.InvalidArgument, $"Cannot restore the taint '{text}': {why}.", text);

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}

/// <summary>A node taint as Kins passes it around (no Kubernetes client types cross into the cmdlets).</summary>
public sealed record NodeTaint(string Key, string? Value, string Effect)
{
    internal V1Taint ToV1() => new() { Key = Key, Value = Value, Effect = Effect };

    /// <summary>As kubectl writes it: <c>key[=value]:Effect</c>.</summary>
    public override string ToString() => Value is null ? $"{Key}:{Effect}" : $"{Key}={Value}:{Effect}";
}
