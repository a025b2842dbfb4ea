using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Kins.Sandbox.World;

/// <summary>SuperEdge's own NodeUnit CRD (shared/superedge), embedded, as the JSON a client would send.</summary>
internal static class EmbeddedCrd
{
    public static JsonObject NodeUnits()
    {
        using var stream = typeof(EmbeddedCrd).Assembly.GetManifestResourceStream("Kins.Sandbox.World.nodeunits.site.superedge.io.crd.yaml")
            ?? throw new InvalidOperationException("The NodeUnit CRD is not embedded in Kins.Sandbox.");
        using var reader = new StreamReader(stream);
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(reader.ReadToEnd());
        crd.Status = null;
        var node = JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject();
        node["metadata"]!.AsObject().Remove("creationTimestamp");
        return node;
    }
}
