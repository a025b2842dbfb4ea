using Kins.Sandbox.Api.Access;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api;

/// <summary>
/// Subresources a real API server serves and the sandbox cannot: it runs no processes (exec, attach, port-forward,
/// proxy) and does not model scaling. They are refused with a 400 Status that says why, instead of the bare 404 of a
/// path no server knows, so a rehearsal that reaches one learns at once what it did not rehearse.
/// </summary>
internal static class UnservedSubresources
{
    private static readonly HashSet<string> Processes = new(StringComparer.Ordinal) { "exec", "attach", "portforward", "proxy" };

    /// <summary>
    /// For <c>&lt;resource&gt;/&lt;name&gt;/&lt;subresource&gt;</c>: what to authorize (RBAC checks it before anything
    /// else, so the read-only user gets 403) and the Status; null when that is not such a path.
    /// </summary>
    public static (AccessRequest Access, ApiException Status)? Refusal(ResourceRegistry registry, string group, string version, IReadOnlyList<string> rest, string method)
    {
        var ns = rest.Count >= 5 && rest[0] == "namespaces" ? rest[1] : null;
        var segments = ns is not null ? rest.Skip(2).ToList() : rest.ToList();
        if (segments.Count != 3 || registry.Find(group, version, segments[0]) is not { } type)
        {
            return null;
        }
        var (name, sub) = (segments[1], segments[2]);
        var verb = Processes.Contains(sub) && sub != "proxy" ? "create"
            : method switch { "GET" or "HEAD" => "get", "PUT" => "update", "PATCH" => "patch", "DELETE" => "delete", _ => "create" };
        var access = new AccessRequest(verb, group, type.Plural, sub, ns, name);
        if (Processes.Contains(sub) && (type == BuiltinResources.Pods || (sub == "proxy" && (type == BuiltinResources.Services || type == BuiltinResources.Nodes))))
        {
            return (access, ApiException.BadRequest(
                $"the Kins sandbox runs no processes, so {sub} to {type.Plural} \"{name}\" is not available (a real API server hands it to the kubelet or the service's endpoints)"));
        }
        if (sub == "scale" && type == BuiltinResources.StatefulSets)
        {
            return (access, ApiException.BadRequest(
                $"the Kins sandbox does not serve the scale subresource of {type.Plural}.{type.Group} \"{name}\": patch spec.replicas instead"));
        }
        return null;
    }
}
