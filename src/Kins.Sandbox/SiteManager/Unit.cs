using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// A NodeUnit as site-manager holds it during one pass: the object read at the start (its resourceVersion
/// included, so a write after another write of the same pass meets 409, as in v0.9), read through the typed fields
/// of v1alpha2/types.go. Absent maps and lists are null, present empty ones are not (Go's nil vs empty).
/// </summary>
internal sealed class Unit
{
    public Unit(JsonObject obj) => Object = obj;

    /// <summary>The whole object as read at the start of the pass; edits to it are what a whole-object Update sends.</summary>
    public JsonObject Object { get; }

    public string Name => (string?)Object["metadata"]?["name"] ?? string.Empty;
    public string? Uid => (string?)Object["metadata"]?["uid"];
    public bool IsDeleting => Object["metadata"]?["deletionTimestamp"] is not null;

    /// <summary><c>spec.autonomyLevel</c> exactly as stored; site-manager compares it as a plain string.</summary>
    public string Level => (string?)Object["spec"]?["autonomyLevel"] ?? string.Empty;

    public IReadOnlyList<string> Nodes => JsonEdit.ReadStrings(Object["spec"]?["nodes"]).ToList();
    public JsonObject? Selector => Object["spec"]?["selector"] as JsonObject;
    public JsonObject? SetNodeLabels => Object["spec"]?["setNode"]?["labels"] as JsonObject;
    public JsonObject? SetNodeAnnotations => Object["spec"]?["setNode"]?["annotations"] as JsonObject;
    public JsonArray? SetNodeTaints => Object["spec"]?["setNode"]?["taints"] as JsonArray;
    public JsonObject? CredentialRef => Object["spec"]?["unitCredentialConfigMapRef"] as JsonObject;
    public IReadOnlyDictionary<string, string> Parameters => JsonEdit.ReadMap(Object["spec"]?["unitClusterInfo"]?["parameters"]);
    public string? Annotation(string key) => (string?)Object["metadata"]?["annotations"]?[key];

    /// <summary><c>status.readyNodes</c> of the last status write (what the install pass picks servers from).</summary>
    public IReadOnlyList<string> StatusReadyNodes => JsonEdit.ReadStrings(Object["status"]?["readyNodes"]).ToList();

    public JsonObject Status => JsonEdit.Obj(Object, "status");
    public JsonObject Spec => JsonEdit.Obj(Object, "spec");
    public JsonObject SetNode => JsonEdit.Obj(Spec, "setNode");

    public bool HasFinalizer => JsonEdit.ReadStrings(Object["metadata"]?["finalizers"]).Contains(SuperEdgeNames.Finalizer);

    public void AddFinalizer() => JsonEdit.Arr(JsonEdit.Obj(Object, "metadata"), "finalizers").Add(SuperEdgeNames.Finalizer);

    public void RemoveFinalizer()
    {
        if (Object["metadata"]?["finalizers"] is JsonArray finalizers)
        {
            foreach (var f in finalizers.Where(f => (string?)f == SuperEdgeNames.Finalizer).ToList()) { finalizers.Remove(f); }
        }
    }

    public Unit Clone() => new(Object.DeepClone().AsObject());
}
