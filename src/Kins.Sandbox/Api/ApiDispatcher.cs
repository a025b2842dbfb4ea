using System.Security.Cryptography;
using System.Text;
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
    public ApiDispatcher(string token, ResourceRegistry registry, ResourceHandler resources, Func<HttpContext, Task>? control,
        RequestMetrics? metrics = null, System.Text.Json.Nodes.JsonObject? version = null)
    {
        _token = Encoding.UTF8.GetBytes(token);
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
            if (!Authorized(context.Request))
            {
                throw ApiException.Unauthorized();
            }
            await RouteAsync(context);
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

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _token);
    }

    private Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith(ControlPrefix, StringComparison.Ordinal) && _control is not null)
        {
            return _control(context);
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
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
                return ResourceAsync(context, string.Empty, v, rest);
            case ["apis", var g, var v, .. var rest] when rest.Length > 0:
                return ResourceAsync(context, g, v, rest);
            default:
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
    }

    private async Task ResourceAsync(HttpContext context, string group, string version, string[] rest)
    {
        var target = RequestTarget.Parse(_registry, group, version, rest);
        var verb = target is null ? "other" : RequestMetrics.VerbOf(context.Request.Method, target.Name is not null, ListQuery.IsTrue(context.Request.Query["watch"]));
        _metrics?.Count(verb);
        if (target is null)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
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
    /// The Swagger document as JSON when the client accepts JSON. kubectl asks for protobuf only, which the sandbox
    /// does not encode: it gets 406, as from a server without that encoding, and uses its built-in types.
    /// </summary>
    private Task WriteSwaggerAsync(HttpContext context, string accept)
    {
        if (!MediaTypes.AcceptsJson(accept))
        {
            throw new ApiException(406, "NotAcceptable",
                $"only the following media types are accepted: {MediaTypes.Json} (the Kins sandbox does not serve the protobuf OpenAPI document)");
        }
        context.Response.Headers.Vary = "Accept";
        return HttpIo.WriteJsonAsync(context, 200, _openApi.SwaggerDocument());
    }

    private static Task WriteOrNotFoundAsync(HttpContext context, System.Text.Json.Nodes.JsonObject? body) =>
        body is null
            ? throw new ApiException(404, "NotFound", "the server could not find the requested resource")
            : HttpIo.WriteJsonAsync(context, 200, body);
}
