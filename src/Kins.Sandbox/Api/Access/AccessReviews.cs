using System.Text.Json.Nodes;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api.Access;

/// <summary>
/// SelfSubjectAccessReview and SelfSubjectRulesReview (authorization.k8s.io/v1), answered from the caller's token:
/// what <c>kubectl auth can-i</c> asks. Nothing is stored; the review comes back with its status (201).
/// </summary>
internal sealed class AccessReviews
{
    private readonly ResourceRegistry _registry;

    public AccessReviews(ResourceRegistry registry) => _registry = registry;

    public async Task HandleAsync(HttpContext context, RequestTarget target, SandboxUser user)
    {
        if (context.Request.Method != "POST" || target.Name is not null)
        {
            throw ApiException.MethodNotAllowed();
        }
        var review = await HttpIo.ReadObjectAsync(context);
        var spec = review["spec"] as JsonObject ?? throw ApiException.BadRequest("spec is required");
        var status = target.Type.Plural == BuiltinResources.SelfSubjectAccessReviews.Plural ? Access(spec, user) : Rules(user);
        var answer = new JsonObject
        {
            ["kind"] = target.Type.Kind,
            ["apiVersion"] = target.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
        await HttpIo.WriteJsonAsync(context, 201, answer);
    }

    private static JsonObject Access(JsonObject spec, SandboxUser user)
    {
        AccessRequest request;
        if (spec["resourceAttributes"] is JsonObject r)
        {
            request = new AccessRequest(((string?)r["verb"] ?? string.Empty).ToLowerInvariant(), (string?)r["group"] ?? string.Empty, (string?)r["resource"] ?? string.Empty,
                Empty((string?)r["subresource"]), Empty((string?)r["namespace"]), Empty((string?)r["name"]));
        }
        else if (spec["nonResourceAttributes"] is JsonObject n)
        {
            request = new AccessRequest(((string?)n["verb"] ?? string.Empty).ToLowerInvariant(), Path: (string?)n["path"] ?? "/");
        }
        else
        {
            throw ApiException.Invalid(BuiltinResources.SelfSubjectAccessReviews, string.Empty,
                [new("FieldValueRequired", "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified", "spec.resourceAttributes")]);
        }
        var status = new JsonObject { ["allowed"] = Authorizer.Allows(user, request) };
        if (Authorizer.Reason(user, request) is { } reason) { status["reason"] = reason; }
        return status;
    }

    private JsonObject Rules(SandboxUser user)
    {
        var (resources, paths) = Authorizer.Rules(user, _registry);
        return new JsonObject
        {
            ["resourceRules"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject
            {
                ["verbs"] = Strings(r.Verbs), ["apiGroups"] = Strings(r.Groups), ["resources"] = Strings(r.Resources),
            }).ToArray()),
            ["nonResourceRules"] = new JsonArray(paths.Select(p => (JsonNode)new JsonObject
            {
                ["verbs"] = Strings(p.Verbs), ["nonResourceURLs"] = Strings(p.Urls),
            }).ToArray()),
            ["incomplete"] = false,
        };
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
