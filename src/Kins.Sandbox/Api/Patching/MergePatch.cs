using System.Text.Json.Nodes;

namespace Kins.Sandbox.Api.Patching;

/// <summary>JSON merge patch (RFC 7386): objects merge recursively, null deletes, everything else replaces.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObj)
        {
            return patch?.DeepClone();
        }
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObj)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var merged = Apply(result[key], value);
            result.Remove(key);
            result[key] = merged is null ? null : Detach(merged);
        }
        return result;
    }

    private static JsonNode Detach(JsonNode node) => node.Parent is null ? node : node.DeepClone();
}
