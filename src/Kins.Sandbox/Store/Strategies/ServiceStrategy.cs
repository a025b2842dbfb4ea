using System.Text.Json.Nodes;

namespace Kins.Sandbox.Store.Strategies;

/// <summary>Services get a ClusterIP from 10.96.0.0/16, TCP ports, target ports, and node ports (30000-32767) when type NodePort.</summary>
internal sealed class ServiceStrategy : DefaultStrategy
{
    private const int NodePortMin = 30000;
    private const int NodePortMax = 32767;
    private readonly object _gate = new();
    private readonly HashSet<int> _usedNodePorts = [];
    private int _nextIp = 10;

    public override void PrepareForCreate(WriteContext context, JsonObject obj)
    {
        var spec = Section(obj, "spec");
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if (spec["clusterIP"] is null || (string?)spec["clusterIP"] == string.Empty)
        {
            spec["clusterIP"] = NextClusterIp(context.DryRun);
        }
        spec["clusterIPs"] ??= new JsonArray((string?)spec["clusterIP"]);
        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        DefaultPorts(spec, context.DryRun);
        Section(obj, "status")["loadBalancer"] ??= new JsonObject();
    }

    public override void PrepareForUpdate(WriteContext context, JsonObject obj, JsonObject old)
    {
        var spec = Section(obj, "spec");
        spec["clusterIP"] ??= old["spec"]?["clusterIP"]?.DeepClone();
        PrepareForCreate(context, obj);
    }

    private void DefaultPorts(JsonObject spec, bool dryRun)
    {
        if (spec["ports"] is not JsonArray ports)
        {
            return;
        }
        var nodePorts = (string?)spec["type"] is "NodePort" or "LoadBalancer";
        foreach (var port in ports.OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }
        if (!nodePorts)
        {
            return;
        }
        lock (_gate)
        {
            // Requested node ports first, so an allocated one never takes a port asked for later in the list.
            // A dry run allocates from a copy, so the ports it shows stay free.
            var used = dryRun ? new HashSet<int>(_usedNodePorts) : _usedNodePorts;
            foreach (var port in ports.OfType<JsonObject>())
            {
                if (port["nodePort"] is JsonValue v && v.TryGetValue<int>(out var requested)) { used.Add(requested); }
            }
            foreach (var port in ports.OfType<JsonObject>().Where(p => p["nodePort"] is null))
            {
                port["nodePort"] = AllocateNodePort(used);
            }
        }
    }

    private static int AllocateNodePort(HashSet<int> used)
    {
        for (var candidate = NodePortMin; candidate <= NodePortMax; candidate++)
        {
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
        throw new ApiException(422, "Invalid", "provided port is not in the valid range; the node port range is exhausted");
    }

    private string NextClusterIp(bool dryRun)
    {
        var n = dryRun ? Volatile.Read(ref _nextIp) + 1 : Interlocked.Increment(ref _nextIp);
        return $"10.96.{n / 256 % 256}.{n % 256}";
    }
}
