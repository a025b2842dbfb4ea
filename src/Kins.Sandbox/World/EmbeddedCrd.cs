using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Kins.Sandbox.World;

/// <summary>SuperEdge's own NodeUnit CRD (shared/superedge), embedded, as the JSON a client would send.</summary>
internal static class EmbeddedCrd
{
    /// <summary>The CRD file as SuperEdge ships it (YAML).</summary>
    public static string NodeUnitsYaml()
    {
        using var stream = typeof(EmbeddedCrd).Assembly.GetManifestResourceStream("Kins.Sandbox.World.nodeunits.site.superedge.io.crd.yaml")
            ?? throw new InvalidOperationException("The NodeUnit CRD is not embedded in Kins.Sandbox.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static JsonObject NodeUnits()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(NodeUnitsYaml());
        crd.Status = null;
        var node = JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject();
        node["metadata"]!.AsObject().Remove("creationTimestamp");
        return node;
    }
}
