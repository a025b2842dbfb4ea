using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// One pass of site-manager over one NodeUnit: syncUnit and reconcileNodeUnit (node_unit.go:364-539), in the sheet's
/// pass order 0-6. The unit is read once at the start and every NodeUnit write of the pass sends that copy with its
/// resourceVersion, so a second write in one pass meets 409 and the pass is redone, as in v0.9. An error of steps
/// 0-4 and 6 is thrown (the work queue retries it with backoff); an install or teardown error is written into the
/// status as the sticky Failed phase and the pass counts as a success.
/// </summary>
internal sealed class UnitSync
{
    private readonly StoreClient _client;
    private readonly ResourceType _units;
    private readonly DeletionGuardEvents _events;
    private readonly UnitDeleter _deleter;
    private readonly KinsInstaller _installer;
    private readonly KinsTeardown _teardown;
    private readonly TimeProvider _time;

    public UnitSync(StoreClient client, ResourceType units, DeletionGuardEvents events, UnitDeleter deleter, IEdgeEndpoints? edges, TimeProvider time)
    {
        _client = client;
        _units = units;
        _events = events;
        _deleter = deleter;
        _time = time;
        _installer = new KinsInstaller(client, units, edges);
        _teardown = new KinsTeardown(client, units);
    }

    /// <summary>syncUnit (node_unit.go:364-422).</summary>
    public void Sync(string name)
    {
        if (_client.Get(_units, null, name) is not { } stored)
        {
            return;
        }
        var unit = new Unit(stored.Parse());
        if (!unit.IsDeleting)
        {
            // Step 0: the finalizer goes on with a whole-object Update; the pass goes on with the now stale copy.
            if (!unit.HasFinalizer)
            {
                unit.AddFinalizer();
                _client.Update(_units, unit.Object.DeepClone().AsObject());
            }
            Reconcile(unit);
            return;
        }
        if (!unit.HasFinalizer)
        {
            return;
        }
        // The deletion guard compares the level exactly: "l4", "L4 " or "" block deletion too (flaw 16).
        if (unit.Level != "L3")
        {
            _events.Record(unit);
            return;
        }
        Reconcile(unit);
        _deleter.Delete(unit.Clone());
        unit.RemoveFinalizer();
        _client.Update(_units, unit.Object);
        _events.Forget(unit.Uid);
    }

    /// <summary>reconcileNodeUnit (node_unit.go:424-539): steps 1-6.</summary>
    private void Reconcile(Unit unit)
    {
        var name = unit.Name;
        // Step 1: members; the unit's name is a label key here, so a name over 63 characters fails at every pass.
        var members = UnitNodes.Members(_client, unit);
        if (ApiValidation.QualifiedName(name).FirstOrDefault() is { } invalidKey)
        {
            throw new SiteManagerException($"key: Invalid value: \"{name}\": {invalidKey}");
        }
        // Step 2: nodes labelled as members that no longer are; cleaned only when spec.nodes is non-empty.
        var departed = UnitNodes.Labelled(_client, name).Where(n => !members.ContainsKey(n.Key)).Select(n => n.Value).ToList();
        UnitNodes.RemoveSetNode(_client, unit, departed);
        // Step 3: the default setNode label, then the pass ends; its update event brings the next one.
        var labels = unit.SetNodeLabels;
        if ((string?)labels?[name] != SuperEdgeNames.MembershipLabelValue)
        {
            JsonEdit.Obj(unit.SetNode, "labels")[name] = SuperEdgeNames.MembershipLabelValue;
            _client.Update(_units, unit.Object);
            return;
        }
        // Step 4: setNode onto the members.
        UnitNodes.ApplySetNode(_client, unit, members.Values);
        // Step 5: the level, compared as an exact string (kins.go:71-89).
        SiteManagerException? failure = null;
        try
        {
            switch (unit.Level)
            {
                case "L3": _teardown.Teardown(unit); break;
                case "L4" or "L5": _installer.Install(unit); break;
                default: break; // "Unsupport AutonomyLevel!": logged, nothing done.
            }
        }
        catch (SiteManagerException e)
        {
            failure = e;
        }
        WriteStatus(unit, members.Values, failure);
    }

    /// <summary>
    /// Step 6 (node_unit.go:500-534): readiness of the members; <c>unitClusterStatus</c> carried forward, or on an
    /// install/teardown error <c>phase: Failed</c> with exactly one <c>Init</c> condition (status "False", lastProbeTime,
    /// message; no reason, no lastTransitionTime). Written with UpdateStatus only when it differs; at L3 the error
    /// edits the live status in place, so a teardown error is written only if readiness changed too (flaw 15).
    /// </summary>
    private void WriteStatus(Unit unit, IEnumerable<StoredObject> members, SiteManagerException? failure)
    {
        var old = unit.Object["status"] as JsonObject ?? new JsonObject();
        var next = UnitNodes.ReadinessStatus(members);
        var cluster = old["unitClusterStatus"]?.DeepClone() as JsonObject ?? new JsonObject();
        cluster["resource"] ??= new JsonObject();
        var oldForComparison = old.DeepClone().AsObject();
        if (failure is not null)
        {
            cluster["phase"] = SuperEdgeNames.UnitClusterPhaseFailed;
            cluster["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = SuperEdgeNames.InitConditionType,
                ["status"] = "False",
                ["lastProbeTime"] = Timestamps.Format(_time.GetUtcNow()),
                ["message"] = failure.Message,
            });
            if (unit.Level == "L3") { oldForComparison["unitClusterStatus"] = cluster.DeepClone(); }
        }
        next["unitClusterStatus"] = cluster;
        oldForComparison["unitClusterStatus"] ??= new JsonObject();
        ((JsonObject)oldForComparison["unitClusterStatus"]!)["resource"] ??= new JsonObject();
        // Go compares a fresh lastProbeTime (nanoseconds) with the stored one (seconds): a failure always writes.
        var changed = (failure is not null && unit.Level != "L3") || !JsonNode.DeepEquals(next, oldForComparison);
        if (!changed)
        {
            return;
        }
        unit.Object["status"] = next;
        _client.Update(_units, unit.Object, subresource: "status");
    }
}
