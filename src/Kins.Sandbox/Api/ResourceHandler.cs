using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kins.Sandbox.Api.Patching;
using Kins.Sandbox.Api.Tables;
using Kins.Sandbox.Store;
using Kins.Sandbox.Store.FieldManagement;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api;

/// <summary>The REST verbs on a resource: get, list, watch, create, update, patch, delete, deletecollection.</summary>
internal sealed class ResourceHandler
{
    private static readonly string[] PatchTypes = [MediaTypes.JsonPatch, MediaTypes.MergePatch, MediaTypes.StrategicMergePatch, MediaTypes.ApplyPatch];
    private static readonly string[] CustomPatchTypes = [MediaTypes.JsonPatch, MediaTypes.MergePatch, MediaTypes.ApplyPatch];
    private readonly ObjectStore _store;
    private readonly WatchHandler _watch;

    public ResourceHandler(ObjectStore store, WatchHandler watch)
    {
        _store = store;
        _watch = watch;
    }

    public Task HandleAsync(HttpContext context, RequestTarget target)
    {
        var method = context.Request.Method;
        var named = target.Name is not null;
        if (!named && target.Type.Namespaced && target.Namespace is null && method is not ("GET" or "DELETE"))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        if (target.Subresource == "log")
        {
            return PodLogs.WriteAsync(context, _store, target);
        }
        return (method, named) switch
        {
            ("GET", true) => GetAsync(context, target),
            ("GET", false) => ListOrWatchAsync(context, target),
            ("POST", false) => CreateAsync(context, target),
            ("PUT", true) => UpdateAsync(context, target),
            ("PATCH", true) => PatchAsync(context, target),
            ("DELETE", true) => DeleteAsync(context, target),
            ("DELETE", false) => DeleteCollectionAsync(context, target),
            _ => throw ApiException.MethodNotAllowed(),
        };
    }

    private Task GetAsync(HttpContext context, RequestTarget target)
    {
        var obj = _store.Get(target.Type, target.Namespace, target.Name!) ?? throw ApiException.NotFound(target.Type, target.Name!);
        return WriteObjectAsync(context, target.Type, obj, 200);
    }

    private Task ListOrWatchAsync(HttpContext context, RequestTarget target)
    {
        var query = ListQuery.Parse(context.Request.Query, target.Type);
        if (query.Watch)
        {
            return _watch.StreamAsync(context, target, query);
        }
        var page = _store.List(target.Type, target.Namespace, query.Labels, query.Fields, query.Limit, query.ContinueAfter, query.ContinueResourceVersion);
        var token = page.Continue is null ? null : ListQuery.EncodeContinue(page.ResourceVersion, page.Continue);
        var type = target.Type;
        if (MediaTypes.TableVersion(context.Request.Headers.Accept) is { } tableVersion)
        {
            var table = new TableWriter(type, tableVersion, context.Request.Query["includeObject"]);
            return HttpIo.WriteWithAsync(context, 200, w => table.Write(w, page.Items.Select(i => (ObjectViews.Node(type, i), ObjectViews.Bytes(type, i))), page.ResourceVersion, token));
        }
        return HttpIo.WriteWithAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", type.ListKind);
            w.WriteString("apiVersion", type.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", page.ResourceVersion.ToString(CultureInfo.InvariantCulture));
            if (token is not null) { w.WriteString("continue", token); }
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var item in page.Items)
            {
                w.WriteRawValue(ObjectViews.Bytes(type, item), skipInputValidation: true);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private async Task CreateAsync(HttpContext context, RequestTarget target)
    {
        var body = await HttpIo.ReadObjectAsync(context);
        CheckKind(target.Type, body);
        SetNamespace(target, body);
        var write = NewContext(context, target, WriteOptions.FromQuery(context.Request.Query, "CreateOptions"));
        var created = _store.Create(write, body);
        HttpIo.AddWarnings(context, write.Warnings);
        await WriteObjectAsync(context, target.Type, created, 201);
    }

    private async Task UpdateAsync(HttpContext context, RequestTarget target)
    {
        var body = await HttpIo.ReadObjectAsync(context);
        CheckKind(target.Type, body);
        var bodyName = (string?)body["metadata"]?["name"];
        if (bodyName is not null && bodyName != target.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({target.Name})");
        }
        SetNamespace(target, body);
        ((JsonObject)body["metadata"]!)["name"] = target.Name;
        var write = NewContext(context, target, WriteOptions.FromQuery(context.Request.Query, "UpdateOptions"));
        var updated = _store.Update(write, body);
        HttpIo.AddWarnings(context, write.Warnings);
        await WriteObjectAsync(context, target.Type, updated, 200);
    }

    private async Task PatchAsync(HttpContext context, RequestTarget target)
    {
        var type = target.Type;
        var contentType = MediaTypes.Base(context.Request.ContentType);
        if (contentType == MediaTypes.ApplyPatch)
        {
            await ApplyAsync(context, target);
            return;
        }
        var allowed = type.IsCustom ? CustomPatchTypes : PatchTypes;
        if (!allowed.Contains(contentType))
        {
            throw ApiException.UnsupportedMediaType(contentType, allowed);
        }
        var options = WriteOptions.FromQuery(context.Request.Query, "PatchOptions");
        var patch = await HttpIo.ReadJsonAsync(context);
        if (contentType != MediaTypes.JsonPatch && patch is not JsonObject)
        {
            throw ApiException.BadRequest("the patch must be a JSON object");
        }
        var precondition = contentType == MediaTypes.JsonPatch ? null : (string?)patch?["metadata"]?["resourceVersion"];
        for (var attempt = 0; ; attempt++)
        {
            var current = _store.Get(type, target.Namespace, target.Name!) ?? throw ApiException.NotFound(type, target.Name!);
            var node = ObjectViews.Node(type, current);
            var patched = contentType switch
            {
                MediaTypes.MergePatch => MergePatch.Apply(node, patch) as JsonObject,
                MediaTypes.JsonPatch => JsonPatch.Apply(node, patch),
                _ => StrategicMergePatch.Apply(node, (JsonObject)patch!),
            } ?? throw ApiException.BadRequest("the patch removed the whole object");
            var metadata = patched["metadata"] as JsonObject ?? throw ApiException.BadRequest("the patch removed metadata");
            metadata["name"] = target.Name;
            if (type.Namespaced) { metadata["namespace"] = target.Namespace; }
            metadata["resourceVersion"] = precondition ?? current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            var write = NewContext(context, target, options);
            try
            {
                var updated = _store.Update(write, patched);
                HttpIo.AddWarnings(context, write.Warnings);
                await WriteObjectAsync(context, type, updated, 200);
                return;
            }
            catch (ApiException e) when (e.Reason == "Conflict" && precondition is null && attempt < 10)
            {
                // Someone wrote in between: a patch re-applies to the latest version, as the API server does.
            }
        }
    }

    /// <summary>Server-side apply: creates the object when it does not exist (201), else merges the configuration (200).</summary>
    private async Task ApplyAsync(HttpContext context, RequestTarget target)
    {
        var type = target.Type;
        var options = WriteOptions.FromQuery(context.Request.Query, "PatchOptions", apply: true);
        var applied = ApplyConfiguration.Parse(HttpIo.Utf8(await HttpIo.ReadBytesAsync(context)));
        if (applied["apiVersion"] is null || applied["kind"] is null)
        {
            throw ApiException.BadRequest("error decoding the applied configuration: apiVersion and kind must be set");
        }
        CheckKind(type, applied);
        if (applied["metadata"]?["managedFields"] is not null)
        {
            throw ApiException.BadRequest("metadata.managedFields must be nil");
        }
        var appliedName = (string?)applied["metadata"]?["name"];
        if (appliedName is not null && appliedName != target.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({appliedName}) does not match the name on the URL ({target.Name})");
        }
        SetNamespace(target, applied);
        applied["metadata"]!["name"] = target.Name;
        for (var attempt = 0; ; attempt++)
        {
            var current = _store.Get(type, target.Namespace, target.Name!);
            var live = current is null
                ? new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = applied["metadata"]!.DeepClone() is JsonObject m ? Identity(m) : null }
                : ObjectViews.Node(type, current);
            var result = ServerSideApply.Apply(type, live, applied, options.FieldManager!, options.Force, target.Subresource);
            var write = NewContext(context, target, options, applied: true);
            try
            {
                if (current is null)
                {
                    if (target.Subresource is not null) { throw ApiException.NotFound(type, target.Name!); }
                    var created = _store.Create(write, result);
                    HttpIo.AddWarnings(context, write.Warnings);
                    await WriteObjectAsync(context, type, created, 201);
                    return;
                }
                result["metadata"]!["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                var updated = _store.Update(write, result);
                HttpIo.AddWarnings(context, write.Warnings);
                await WriteObjectAsync(context, type, updated, 200);
                return;
            }
            catch (ApiException e) when (e.Reason is "Conflict" or "AlreadyExists" && e.Causes.Count == 0 && attempt < 10)
            {
                // Written (or created) meanwhile: apply again to the latest version, as the API server does.
            }
        }
    }

    private static JsonObject Identity(JsonObject metadata)
    {
        var identity = new JsonObject { ["name"] = metadata["name"]?.DeepClone() };
        if (metadata["namespace"] is { } ns) { identity["namespace"] = ns.DeepClone(); }
        return identity;
    }

    private async Task DeleteAsync(HttpContext context, RequestTarget target)
    {
        var options = await ReadDeleteOptionsAsync(context);
        var result = _store.Delete(target.Type, target.Namespace, target.Name!, options);
        await WriteObjectAsync(context, target.Type, result.Object, 200);
    }

    private async Task DeleteCollectionAsync(HttpContext context, RequestTarget target)
    {
        var options = await ReadDeleteOptionsAsync(context);
        var query = ListQuery.Parse(context.Request.Query, target.Type);
        var page = _store.List(target.Type, target.Namespace, query.Labels, query.Fields);
        var deleted = new List<StoredObject>();
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add(_store.Delete(target.Type, item.Namespace, item.Name, options).Object);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Gone meanwhile: nothing left to delete.
            }
        }
        var type = target.Type;
        await HttpIo.WriteWithAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", type.ListKind);
            w.WriteString("apiVersion", type.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", _store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var item in deleted) { w.WriteRawValue(ObjectViews.Bytes(type, item), skipInputValidation: true); }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context) =>
        WriteOptions.Delete(await HttpIo.ReadJsonAsync(context, required: false), context.Request.Query);

    private static Task WriteObjectAsync(HttpContext context, ResourceType type, StoredObject obj, int code)
    {
        if (MediaTypes.TableVersion(context.Request.Headers.Accept) is { } tableVersion)
        {
            var table = new TableWriter(type, tableVersion, context.Request.Query["includeObject"]);
            return HttpIo.WriteWithAsync(context, code, w => table.Write(w, [(ObjectViews.Node(type, obj), ObjectViews.Bytes(type, obj))], obj.ResourceVersion, null));
        }
        return HttpIo.WriteBytesAsync(context, code, ObjectViews.Bytes(type, obj));
    }

    private static WriteContext NewContext(HttpContext context, RequestTarget target, WriteOptions options, bool applied = false)
    {
        var validation = context.Request.Query["fieldValidation"].ToString() switch
        {
            "Strict" => FieldValidation.Strict,
            "Ignore" => FieldValidation.Ignore,
            "Warn" or "" => FieldValidation.Warn,
            var other => throw ApiException.BadRequest($"fieldValidation must be one of Ignore, Warn or Strict, not \"{other}\""),
        };
        return new WriteContext(target.Type, validation)
        {
            Subresource = target.Subresource, DryRun = options.DryRun, FieldManager = options.FieldManager ?? ManagerFromUserAgent(context.Request),
            Applied = applied,
        };
    }

    /// <summary>The API server's default field manager: the user agent up to its first slash.</summary>
    private static string ManagerFromUserAgent(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString();
        var prefix = agent.Split('/')[0].Trim();
        return prefix.Length == 0 ? "unknown" : prefix[..Math.Min(prefix.Length, 128)];
    }

    private static void CheckKind(ResourceType type, JsonObject body)
    {
        var apiVersion = (string?)body["apiVersion"];
        var kind = (string?)body["kind"];
        if (apiVersion is not null && apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
        if (kind is not null && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }
    }

    private static void SetNamespace(RequestTarget target, JsonObject body)
    {
        if (body["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            body["metadata"] = metadata;
        }
        if (!target.Type.Namespaced)
        {
            return;
        }
        var ns = (string?)metadata["namespace"];
        if (ns is not null && ns.Length > 0 && ns != target.Namespace)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        metadata["namespace"] = target.Namespace;
    }
}
