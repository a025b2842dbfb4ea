using System.Text.Json;

namespace Kins.Sandbox.Schema;

/// <summary>
/// The descriptions of the built-in kinds' types and fields (what <c>kubectl explain</c> prints), keyed
/// <c>V1PodSpec</c> and <c>V1PodSpec.RestartPolicy</c>. <c>builtin-descriptions.json</c> holds the summaries of
/// KubernetesClient's XML documentation (itself the API's OpenAPI descriptions) for the types the sandbox serves;
/// it was extracted once from the package's KubernetesClient.xml, as the 25 MB file is not shipped.
/// </summary>
internal static class SchemaDescriptions
{
    private static readonly Lazy<Dictionary<string, string>> Texts = new(Load);

    public static string? Of(string key) => Texts.Value.GetValueOrDefault(key);

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(SchemaDescriptions).Assembly.GetManifestResourceStream("Kins.Sandbox.Schema.builtin-descriptions.json");
        return stream is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
    }
}
