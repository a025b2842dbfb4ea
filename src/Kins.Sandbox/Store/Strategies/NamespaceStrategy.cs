using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>Namespaces are Active, carry the <c>kubernetes</c> finalizer in spec and their name as a label.</summary>
internal sealed class NamespaceStrategy : DefaultStrategy
{
    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        var metadata = Section(obj, "metadata");
        Section(metadata, "labels")["kubernetes.io/metadata.name"] = (string?)metadata["name"];
        Section(obj, "spec")["finalizers"] ??= new JsonArray("kubernetes");
        Section(obj, "status")["phase"] ??= "Active";
    }

    public override void PrepareForUpdate(WriteContext context, JsonObject obj, JsonObject old)
    {
        var metadata = Section(obj, "metadata");
        Section(metadata, "labels")["kubernetes.io/metadata.name"] = (string?)metadata["name"];
        obj["spec"] ??= old["spec"]?.DeepClone();
    }
}
