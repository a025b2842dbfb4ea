using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

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
    public async Task OpenApi_v2_is_JSON_when_JSON_is_accepted_and_406_for_protobuf_only()
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
            Assert.NotNull(swagger["definitions"]!["io.k8s.api.apps.v1.StatefulSet"]);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2"))
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
            using var response = await sandbox.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
            Assert.Equal("NotAcceptable", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]);
        }
    }
}
