using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api;

/// <summary>A resource request's target: type, namespace, name and subresource, read from the URL path.</summary>
internal sealed record RequestTarget(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>
    /// Parses the segments after <c>/api/v1</c> or <c>/apis/&lt;g&gt;/&lt;v&gt;</c>; null when no served resource matches
    /// (the caller answers 404).
    /// </summary>
    public static RequestTarget? Parse(ResourceRegistry registry, string group, string version, IReadOnlyList<string> rest)
    {
        string? ns = null;
        var segments = rest;
        if (segments.Count >= 3 && segments[0] == "namespaces" && registry.Find(group, version, segments[2]) is { Namespaced: true })
        {
            ns = segments[1];
            segments = segments.Skip(2).ToList();
        }
        if (segments.Count is 0 or > 3)
        {
            return null;
        }
        var type = registry.Find(group, version, segments[0]);
        if (type is null || (ns is not null && !type.Namespaced))
        {
            return null;
        }
        var name = segments.Count > 1 ? segments[1] : null;
        var sub = segments.Count > 2 ? segments[2] : null;
        if (sub is not null && !(sub == "status" && type.HasStatus) && !(sub == "log" && type == BuiltinResources.Pods))
        {
            return null;
        }
        return new RequestTarget(type, ns, name, sub);
    }
}
