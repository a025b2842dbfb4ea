using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Kins.Sandbox.Api.Protobuf;

namespace Kins.Sandbox.Tests;

/// <summary>Published schemas, replayed with kubectl 1.32: <c>kubectl explain</c> at any depth, for built-ins and CRDs.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task Kubectl_explain_reads_the_NodeUnit_schema_at_any_depth_and_the_built_in_kinds()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var unit = await sandbox.Kubectl.OkAsync("explain", "nu");
        Assert.Contains("KIND:       NodeUnit", unit.Stdout, StringComparison.Ordinal);
        Assert.Contains("metadata\t<ObjectMeta>", unit.Stdout, StringComparison.Ordinal);
        var taints = await sandbox.Kubectl.OkAsync("explain", "nu.spec.setNode.taints");
        Assert.Contains("FIELD: taints <[]Object>", taints.Stdout, StringComparison.Ordinal);
        Assert.Contains("effect\t<string> -required-", taints.Stdout, StringComparison.Ordinal);
        var labels = await sandbox.Kubectl.OkAsync("explain", "nu.metadata.labels");
        Assert.Contains("FIELD: labels <map[string]string>", labels.Stdout, StringComparison.Ordinal);
        var restart = await sandbox.Kubectl.OkAsync("explain", "pod.spec.restartPolicy");
        Assert.Contains("Restart policy for all containers within the pod", restart.Stdout, StringComparison.Ordinal);
        var strategy = await sandbox.Kubectl.OkAsync("explain", "sts.spec.updateStrategy.rollingUpdate.partition");
        Assert.Contains("FIELD: partition <integer>", strategy.Stdout, StringComparison.Ordinal);
        var missing = await sandbox.Kubectl.RunAsync("explain", "nu.spec.nosuchfield");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("field \"nosuchfield\" does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CRD_schema_is_published_as_soon_as_the_CRD_is_applied()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var crd = Path.Combine(sandbox.Folder, "crd.yaml");
        await File.WriteAllTextAsync(crd, """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: rehearsals.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: rehearsals, singular: rehearsal, kind: Rehearsal}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          steps:
                            type: array
                            items:
                              type: object
                              properties:
                                timeoutSeconds: {type: integer, description: How long one step may take.}
            """);
        await sandbox.Kubectl.OkAsync("apply", "-f", crd);
        var explained = await sandbox.Kubectl.OkAsync("explain", "rehearsal.spec.steps.timeoutSeconds");
        Assert.Contains("How long one step may take.", explained.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_v2_is_JSON_when_JSON_is_accepted_gnostic_protobuf_when_asked_and_406_otherwise()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2"))
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json"));
            using var response = await sandbox.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var swagger = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("2.0", (string?)swagger["swagger"]);
            var unit = swagger["definitions"]!["io.superedge.site.v1alpha2.NodeUnit"]!;
            Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)unit["properties"]!["metadata"]!["$ref"]);
            Assert.Equal("NodeUnit", (string?)unit["x-kubernetes-group-version-kind"]![0]!["kind"]);
            // What kubectl computes an apply's strategic merge patch from: containers merge by name, not replaced whole.
            var containers = swagger["definitions"]!["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
            Assert.Equal("merge", (string?)containers["x-kubernetes-patch-strategy"]);
            Assert.Equal("name", (string?)containers["x-kubernetes-patch-merge-key"]);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2"))
        {
            // client-go's exact Accept; the answer's Content-Type is kube-openapi's, which Go's mime parser accepts.
            request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
            using var response = await sandbox.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.ToString());
            var document = new ProtoReader(await response.Content.ReadAsByteArrayAsync());
            var (swaggerVersion, definitions) = (string.Empty, new Dictionary<string, ReadOnlyMemory<byte>>());
            while (document.More)
            {
                var (field, wire) = document.ReadTag();
                if (field == 1) { swaggerVersion = document.ReadString(); }
                else if (field == 9) { foreach (var (name, schema) in NamedFields(document.ReadBytes(), 1)) { definitions[name] = schema; } }
                else { document.Skip(wire); }
            }
            Assert.Equal("2.0", swaggerVersion);
            var unit = definitions["io.superedge.site.v1alpha2.NodeUnit"];
            // Schema.properties (25) holds spec; Schema.vendor_extension (31) the group-version-kind as YAML in Any.yaml (2).
            var properties = Fields(unit).Where(f => f.Field == 25).SelectMany(f => NamedFields(f.Value, 1)).ToDictionary(p => p.Name, p => p.Value);
            Assert.Contains("spec", properties.Keys);
            var autonomyLevel = NamedFields(Fields(properties["spec"]).Single(f => f.Field == 25).Value, 1).Single(p => p.Name == "autonomyLevel").Value;
            Assert.Equal("string", Text(Fields(Fields(autonomyLevel).Single(f => f.Field == 22).Value).Single().Value));
            var gvk = NamedFields(unit, 31).Single(e => e.Name == "x-kubernetes-group-version-kind").Value;
            Assert.Contains("\"kind\":\"NodeUnit\"", Text(Fields(gvk).Single(f => f.Field == 2).Value), StringComparison.Ordinal);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2"))
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/xml");
            using var response = await sandbox.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
            Assert.Equal("NotAcceptable", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]);
        }
    }

    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var reader = new ProtoReader(message);
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        while (reader.More)
        {
            var (field, wire) = reader.ReadTag();
            if (wire == 2) { fields.Add((field, reader.ReadBytes())); } else { reader.Skip(wire); }
        }
        return fields;
    }

    /// <summary>The entries of a repeated Named* field: name 1, value 2.</summary>
    private static List<(string Name, ReadOnlyMemory<byte> Value)> NamedFields(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Field == field).Select(f =>
        {
            var parts = Fields(f.Value).ToList();
            return (Text(parts.Single(p => p.Field == 1).Value), parts.SingleOrDefault(p => p.Field == 2).Value);
        }).ToList();

    private static string Text(ReadOnlyMemory<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes.Span);
}
