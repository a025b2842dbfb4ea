using System.Security.Cryptography;
using System.Text;
using Kins.Sandbox.Api.Access;
using Kins.Sandbox.Api.Protobuf;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api;

/// <summary>
/// The single entry point of every request: bearer-token check, then discovery, OpenAPI, the sandbox's control
/// endpoints, or a resource. Every failure becomes a <c>metav1.Status</c>.
/// </summary>
internal sealed class ApiDispatcher
{
    public const string ControlPrefix = "/sandbox/";
    private readonly byte[] _token;
    private readonly byte[]? _readOnlyToken;
    private readonly AccessReviews _reviews;
    private readonly ResourceRegistry _registry;
    private readonly Discovery _discovery;
    private readonly OpenApi _openApi;
    private readonly ResourceHandler _resources;
    private readonly Func<HttpContext, Task>? _control;
    private readonly RequestMetrics? _metrics;
    private readonly System.Text.Json.Nodes.JsonObject _version;

    /// <param name="control">The <c>/sandbox/*</c> endpoints; null serves none (an edge cluster).</param>
    /// <param name="metrics">Where requests are counted; null counts nothing.</param>
    /// <param name="version">The <c>/version</c> document; null for the cloud's.</param>
    /// <param name="readOnlyToken">The viewer's token (get, list and watch only); null serves the admin only.</param>
    public ApiDispatcher(string token, ResourceRegistry registry, ResourceHandler resources, Func<HttpContext, Task>? control,
        RequestMetrics? metrics = null, System.Text.Json.Nodes.JsonObject? version = null, string? readOnlyToken = null)
    {
        _token = Encoding.UTF8.GetBytes(token);
        _readOnlyToken = readOnlyToken is null ? null : Encoding.UTF8.GetBytes(readOnlyToken);
        _reviews = new AccessReviews(registry);
        _metrics = metrics;
        _version = version ?? Discovery.Version();
        _registry = registry;
        _discovery = new Discovery(registry);
        _openApi = new OpenApi(registry);
        _resources = resources;
        _control = control;
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var user = Authenticate(context.Request) ?? throw ApiException.Unauthorized();
            await RouteAsync(context, user);
        }
        catch (ApiException e)
        {
            if (!context.Response.HasStarted)
            {
                await HttpIo.WriteStatusAsync(context, e);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected.
        }
    }

    private SandboxUser? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        if (CryptographicOperations.FixedTimeEquals(presented, _token))
        {
            return SandboxUser.Admin;
        }
        return _readOnlyToken is not null && CryptographicOperations.FixedTimeEquals(presented, _readOnlyToken) ? SandboxUser.Viewer : null;
    }

    private static void Authorize(SandboxUser user, AccessRequest request)
    {
        if (!Authorizer.Allows(user, request))
        {
            throw Authorizer.Forbidden(user, request);
        }
    }

    private Task RouteAsync(HttpContext context, SandboxUser user)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not (["api", _, _, ..] or ["apis", _, _, _, ..]))
        {
            Authorize(user, new AccessRequest(context.Request.Method.ToLowerInvariant() switch { "get" or "head" => "get", "post" => "create", "put" => "update", var m => m }, Path: path));
        }
        if (path.StartsWith(ControlPrefix, StringComparison.Ordinal) && _control is not null)
        {
            return _control(context);
        }
        var get = context.Request.Method == "GET";
        if (segments is not (["api", _, _, ..] or ["apis", _, _, _, ..]))
        {
            _metrics?.Count(get ? "discovery" : "other");
        }
        var accept = context.Request.Headers.Accept.ToString();
        switch (segments)
        {
            case ["version"] when get:
                return HttpIo.WriteJsonAsync(context, 200, _version);
            case ["healthz" or "livez" or "readyz"] when get:
                return HttpIo.WriteBytesAsync(context, 200, "ok"u8.ToArray(), "text/plain");
            case ["api"] when get:
                return WriteDiscoveryAsync(context, accept, core: true);
            case ["apis"] when get:
                return WriteDiscoveryAsync(context, accept, core: false);
            case ["api", var v] when get:
                return WriteOrNotFoundAsync(context, _discovery.Resources(string.Empty, v));
            case ["apis", var g] when get:
                return WriteOrNotFoundAsync(context, _discovery.Group(g));
            case ["apis", var g, var v] when get:
                return WriteOrNotFoundAsync(context, _discovery.Resources(g, v));
            case ["openapi", "v2"] when get:
                return WriteSwaggerAsync(context, accept);
            case ["openapi", "v3"] when get:
                return HttpIo.WriteJsonAsync(context, 200, _openApi.Root());
            case ["openapi", "v3", .. var rest] when get:
                return WriteOrNotFoundAsync(context, _openApi.Document(string.Join('/', rest)));
            case ["api", var v, .. var rest] when rest.Length > 0:
                return ResourceAsync(context, string.Empty, v, rest, user);
            case ["apis", var g, var v, .. var rest] when rest.Length > 0:
                return ResourceAsync(context, g, v, rest, user);
            default:
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
    }

    private async Task ResourceAsync(HttpContext context, string group, string version, string[] rest, SandboxUser user)
    {
        var target = rest is ["watch", _, ..] ? DeprecatedWatch(context, group, version, rest[1..]) : RequestTarget.Parse(_registry, group, version, rest);
        var verb = target is null ? "other" : RequestMetrics.VerbOf(context.Request.Method, target.Name is not null, ListQuery.IsTrue(context.Request.Query["watch"]));
        _metrics?.Count(verb);
        if (verb == "list" && target is not null && string.IsNullOrEmpty(context.Request.Query["labelSelector"]) && string.IsNullOrEmpty(context.Request.Query["fieldSelector"]))
        {
            _metrics?.CountUnselectedList(target.Type.Plural);
        }
        if (target is null)
        {
            if (UnservedSubresources.Refusal(_registry, group, version, rest, context.Request.Method) is { } refusal)
            {
                Authorize(user, refusal.Access);
                throw refusal.Status;
            }
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        Authorize(user, new AccessRequest(RbacVerb(context.Request, target), group, target.Type.Plural, target.Subresource, target.Namespace, target.Name));
        if (BuiltinResources.IsReview(target.Type))
        {
            await _reviews.HandleAsync(context, target, user);
            return;
        }
        if (verb != "watch" || _metrics is null)
        {
            await _resources.HandleAsync(context, target);
            return;
        }
        // Open watches are a gauge: a client that forgets to close its watches shows here.
        _metrics.WatchOpened();
        try
        {
            await _resources.HandleAsync(context, target);
        }
        finally
        {
            _metrics.WatchClosed();
        }
    }

    /// <summary>
    /// The deprecated <c>/watch/</c> paths (still served, and the only watch of some clients): the same watch as
    /// <c>?watch=true</c>, a named one filtered by <c>metadata.name</c>.
    /// </summary>
    private RequestTarget? DeprecatedWatch(HttpContext context, string group, string version, string[] rest)
    {
        if (context.Request.Method != "GET" || RequestTarget.Parse(_registry, group, version, rest) is not { Subresource: null } target)
        {
            return null;
        }
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(context.Request.QueryString.Value);
        query["watch"] = "true";
        if (target.Name is not null)
        {
            var fields = query.TryGetValue("fieldSelector", out var existing) && existing.ToString().Length > 0 ? "," + existing : string.Empty;
            query["fieldSelector"] = "metadata.name=" + target.Name + fields;
            target = target with { Name = null };
        }
        context.Request.QueryString = QueryString.Create(query);
        return target;
    }

    /// <summary>The RBAC verb of a resource request: get, list, watch, create, update, patch, delete, deletecollection.</summary>
    private static string RbacVerb(HttpRequest request, RequestTarget target) => request.Method switch
    {
        "GET" or "HEAD" when ListQuery.IsTrue(request.Query["watch"]) => "watch",
        "GET" or "HEAD" => target.Name is null ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => target.Name is null ? "deletecollection" : "delete",
        var other => other.ToLowerInvariant(),
    };

    private Task WriteDiscoveryAsync(HttpContext context, string accept, bool core)
    {
        if (MediaTypes.AggregatedDiscoveryVersion(accept) is { } version)
        {
            context.Response.Headers.Vary = "Accept";
            return HttpIo.WriteJsonAsync(context, 200, _discovery.Aggregated(core, version),
                $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList");
        }
        return HttpIo.WriteJsonAsync(context, 200, core ? Discovery.CoreVersions() : _discovery.Groups());
    }

    /// <summary>
    /// The Swagger document, in gnostic's protobuf when the client asks for it (kubectl and client-go ask for nothing
    /// else) and as JSON when it accepts JSON, whichever the Accept header names first; 406 otherwise.
    /// </summary>
    private Task WriteSwaggerAsync(HttpContext context, string accept)
    {
        var protobuf = accept.IndexOf(OpenApiV2Protobuf.MediaType, StringComparison.OrdinalIgnoreCase);
        var json = MediaTypes.AcceptsJson(accept);
        context.Response.Headers.Vary = "Accept";
        if (protobuf >= 0 && (!json || protobuf < MediaTypes.FirstJsonIndex(accept)))
        {
            return HttpIo.WriteBytesAsync(context, 200, OpenApiV2Protobuf.Encode(_openApi.SwaggerDocument()), OpenApiV2Protobuf.ContentType);
        }
        if (!json)
        {
            throw new ApiException(406, "NotAcceptable",
                $"only the following media types are accepted: {MediaTypes.Json}, {OpenApiV2Protobuf.MediaType}");
        }
        return HttpIo.WriteJsonAsync(context, 200, _openApi.SwaggerDocument());
    }

    private static Task WriteOrNotFoundAsync(HttpContext context, System.Text.Json.Nodes.JsonObject? body) =>
        body is null
            ? throw new ApiException(404, "NotFound", "the server could not find the requested resource")
            : HttpIo.WriteJsonAsync(context, 200, body);
}
