using Kins.Sandbox.Store;

namespace Kins.Sandbox.Api.Access;

/// <summary>
/// The sandbox's RBAC, reduced to its two users: the admin may do everything (cluster-admin); the viewer may get,
/// list and watch every resource but Secrets, read the discovery and OpenAPI paths, and review its own access
/// (the <c>view</c> ClusterRole plus what every authenticated user may do). Denials are 403 Forbidden Statuses worded
/// as the API server words them.
/// </summary>
internal static class Authorizer
{
    public const string ReviewGroup = "authorization.k8s.io";
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];
    private static readonly string[] ReviewResources = ["selfsubjectaccessreviews", "selfsubjectrulesreviews"];
    private static readonly string[] PublicPathPrefixes = ["/api", "/apis", "/openapi", "/version", "/healthz", "/livez", "/readyz"];

    public static bool Allows(SandboxUser user, AccessRequest request)
    {
        if (!user.ReadOnly)
        {
            return true;
        }
        if (!request.IsResource)
        {
            var path = request.Path ?? string.Empty;
            return request.Verb == "get" && PublicPathPrefixes.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal));
        }
        if (request.Verb == "create" && request.Group == ReviewGroup && ReviewResources.Contains(request.Resource))
        {
            // system:basic-user: everyone may review their own access.
            return true;
        }
        return ReadVerbs.Contains(request.Verb) && request.Resource is not ("secrets" or "*") && request.Group != "*";
    }

    /// <summary>Why the review allowed it (RBAC's wording), or null when it does not.</summary>
    public static string? Reason(SandboxUser user, AccessRequest request) =>
        !Allows(user, request) ? null
        : user.ReadOnly
            ? $"RBAC: allowed by ClusterRoleBinding \"{user.Name}\" of ClusterRole \"view\" to User \"{user.Name}\""
            : $"RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to Group \"system:masters\"";

    public static ApiException Forbidden(SandboxUser user, AccessRequest request)
    {
        if (!request.IsResource)
        {
            return new ApiException(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"");
        }
        var group = request.Group ?? string.Empty;
        var resource = request.Subresource is null ? request.Resource! : request.Resource + "/" + request.Subresource;
        var groupResource = group.Length == 0 ? request.Resource! : request.Resource + "." + group;
        var subject = request.Name is null ? groupResource : $"{groupResource} \"{request.Name}\"";
        var scope = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        return new ApiException(403, "Forbidden",
            $"{subject} is forbidden: User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{group}\" {scope}",
            request.Name, group, request.Resource);
    }

    /// <summary>The rules a SelfSubjectRulesReview lists for <paramref name="user"/>.</summary>
    public static (IReadOnlyList<(string[] Verbs, string[] Groups, string[] Resources)> Resources, IReadOnlyList<(string[] Verbs, string[] Urls)> Paths) Rules(
        SandboxUser user, ResourceRegistry registry)
    {
        if (!user.ReadOnly)
        {
            return ([(["*"], ["*"], ["*"])], [(["*"], ["*"])]);
        }
        var readable = registry.All.Where(t => t.Plural != "secrets" && t.Group != ReviewGroup).GroupBy(t => t.Group)
            .Select(g => (ReadVerbs, new[] { g.Key }, g.Select(t => t.Plural).Distinct().Order(StringComparer.Ordinal).ToArray()))
            .ToList();
        readable.Add((["create"], [ReviewGroup], ReviewResources));
        return (readable, [(["get"], PublicPathPrefixes.SelectMany(p => new[] { p, p + "/*" }).ToArray())]);
    }
}
