using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kins.Sandbox.Api.Protobuf;
using Kins.Sandbox.Store;
using Microsoft.AspNetCore.Http;

namespace Kins.Sandbox.Api;

/// <summary>Reading request bodies (3 MiB limit, JSON only) and writing JSON and Status responses.</summary>
internal static class HttpIo
{
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    public static async Task<JsonNode?> ReadJsonAsync(HttpContext context, bool required = true)
    {
        var body = await ReadBodyAsync(context);
        if (body.Length == 0)
        {
            return required ? throw ApiException.BadRequest("the request body is empty; an object is required") : null;
        }
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the object provided is unrecognized: json parse error: {e.Message}");
        }
    }

    public static async Task<byte[]> ReadBytesAsync(HttpContext context) => await ReadBodyAsync(context);

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            throw ApiException.TooLarge(MaxBodyBytes);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw ApiException.TooLarge(MaxBodyBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a create/update body: JSON, or the protobuf of the few kinds kubectl's typed create commands send
    /// (<see cref="KubeProtobuf"/>); anything else (YAML, other protobuf) is 415.
    /// </summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var type = MediaTypes.Base(context.Request.ContentType);
        if (type == KubeProtobuf.MediaType)
        {
            var body = await ReadBodyAsync(context);
            return body.Length == 0 ? throw ApiException.BadRequest("the request body is empty; an object is required") : KubeProtobuf.Decode(body);
        }
        if (type.Length > 0 && type != MediaTypes.Json)
        {
            throw ApiException.UnsupportedMediaType(type + "; the Kins sandbox reads JSON bodies, and protobuf only for v1 ConfigMap, Secret and Namespace", [MediaTypes.Json]);
        }
        return await ReadJsonAsync(context) as JsonObject ?? throw ApiException.BadRequest("the object provided is unrecognized: expected a JSON object");
    }

    public static Task WriteJsonAsync(HttpContext context, int code, JsonNode body, string contentType = MediaTypes.Json) =>
        WriteBytesAsync(context, code, JsonSerializer.SerializeToUtf8Bytes(body), contentType);

    public static async Task WriteBytesAsync(HttpContext context, int code, ReadOnlyMemory<byte> body, string contentType = MediaTypes.Json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext context, ApiException error) =>
        WriteJsonAsync(context, error.Code, error.ToStatus());

    public static void AddWarnings(HttpContext context, IEnumerable<string> warnings)
    {
        foreach (var w in warnings)
        {
            context.Response.Headers.Append("Warning", "299 - \"" + w.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"");
        }
    }

    /// <summary>Writes a JSON document produced by <paramref name="write"/> to the response.</summary>
    public static async Task WriteWithAsync(HttpContext context, int code, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        await WriteBytesAsync(context, code, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
