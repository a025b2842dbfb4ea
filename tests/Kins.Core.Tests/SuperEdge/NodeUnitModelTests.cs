using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using Kins.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Kins.Core.Tests.SuperEdge;

/// <summary>The typed NodeUnit covers SuperEdge's v1alpha2 schema and round-trips through KubernetesClient's JSON.</summary>
public sealed class NodeUnitModelTests
{
    private static readonly string CrdPath = Path.Combine(AppContext.BaseDirectory, "SuperEdge", "nodeunits.site.superedge.io.crd.yaml");

    [Fact]
    public void Every_field_of_the_v1alpha2_schema_has_a_property_in_the_model()
    {
        var schema = V1Alpha2Schema();
        var missing = new List<string>();
        foreach (var top in new[] { "spec", "status" })
        {
            var property = typeof(NodeUnit).GetProperties().Single(p => JsonName(p) == top);
            Walk((YamlMappingNode)schema["properties"][top], property.PropertyType, top, missing);
        }

        Assert.True(missing.Count == 0, "Fields of the CRD without a model property: " + string.Join(", ", missing));
    }

    [Fact]
    public void A_unit_with_every_field_round_trips_through_KubernetesClient_json()
    {
        const string json = """
            {"apiVersion":"site.superedge.io/v1alpha2","kind":"NodeUnit",
             "metadata":{"name":"test","finalizers":["site.superedge.io/nodeunit"]},
             "spec":{"autonomyLevel":"L5","nodes":["edge1","edge2","edge3"],
               "selector":{"annotations":{"a":"b"},"matchExpressions":[{"key":"zone","operator":"In","values":["z1"]}],"matchLabels":{"site":"shop"}},
               "setNode":{"annotations":{"x":"y"},"labels":{"test":"nodeunits.superedge.io"},"taints":[{"effect":"NoSchedule","key":"kins"}]},
               "taints":[{"effect":"NoExecute","key":"k","value":"v"}],"type":"edge",
               "unitClusterInfo":{"parameters":{"service-cidr":"26.0.0.0/16"},"storageType":"etcd"},
               "unitCredentialConfigMapRef":{"kind":"ConfigMap","name":"test-cm-kins","namespace":"kins-system"},
               "unschedulable":false},
             "status":{"notReadyNodes":["edge3"],"readyNodes":["edge1","edge2"],"readyRate":"2/3",
               "unitClusterStatus":{"addresses":[{"host":"26.0.0.1","path":"/","port":443,"type":"InternalIP"}],
                 "conditions":[{"message":"Insufficient Ready Node","reason":"Init","status":"False","type":"Init"}],
                 "phase":"Failed","resource":{"capacity":{"cpu":"4"}},"serviceCIDR":"26.0.0.0/16","version":"v1.22.6+k3s1"}}}
            """;

        var unit = KubernetesJson.Deserialize<NodeUnit>(json);
        var back = JsonNode.Parse(KubernetesJson.Serialize(unit));

        Assert.Equal(AutonomyLevel.L5, unit.Level);
        Assert.Equal("Insufficient Ready Node", unit.Status!.UnitClusterStatus!.Conditions![0].Message);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), back), back!.ToJsonString());
    }

    private static YamlMappingNode V1Alpha2Schema()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(CrdPath))
        {
            stream.Load(reader);
        }
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var versions = (YamlSequenceNode)root["spec"]["versions"];
        var version = versions.Cast<YamlMappingNode>().Single(v => ((YamlScalarNode)v["name"]).Value == "v1alpha2");
        return (YamlMappingNode)version["schema"]["openAPIV3Schema"];
    }

    private static void Walk(YamlMappingNode schema, Type type, string path, List<string> missing)
    {
        if (!schema.Children.TryGetValue(new YamlScalarNode("properties"), out var properties))
        {
            return;
        }
        type = ElementType(type);
        foreach (var (key, value) in ((YamlMappingNode)properties).Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            var property = type.GetProperties().FirstOrDefault(p => JsonName(p) == name);
            if (property is null)
            {
                missing.Add($"{path}.{name}");
                continue;
            }
            var child = (YamlMappingNode)value;
            if (child.Children.TryGetValue(new YamlScalarNode("items"), out var items))
            {
                child = (YamlMappingNode)items;
            }
            Walk(child, property.PropertyType, $"{path}.{name}", missing);
        }
    }

    private static Type ElementType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var list = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>));
        return list?.GetGenericArguments()[0] ?? type;
    }

    private static string? JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
}
