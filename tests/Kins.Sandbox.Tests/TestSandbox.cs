using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Kins.Core.Sandbox;
using Kins.Sandbox.Hosting;

namespace Kins.Sandbox.Tests;

/// <summary>An in-process sandbox on 127.0.0.1 with its kubeconfig in a temp folder, an HTTP client that trusts its CA, and a KubernetesClient.</summary>
internal sealed class TestSandbox : IAsyncDisposable
{
    private TestSandbox(SandboxServer server, string folder)
    {
        Server = server;
        Folder = folder;
        Kubeconfig = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(Kubeconfig, server.RenderKubeconfig());
        var ca = X509Certificate2.CreateFromPem(server.CaPem);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return cert is not null && chain.Build(cert);
            },
        };
        Http = new HttpClient(handler) { BaseAddress = new Uri(server.Endpoint) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        Kubectl = new Kubectl(Kubeconfig, Path.Combine(folder, "cache"));
    }

    public SandboxServer Server { get; }
    public string Folder { get; }
    public string Kubeconfig { get; }
    public HttpClient Http { get; }
    public Kubernetes Client { get; }
    public Kubectl Kubectl { get; }

    public static async Task<TestSandbox> StartAsync(SandboxOptions? options = null, TimeSpan? bookmarkInterval = null,
        TimeProvider? time = null, Tunnel.ProxyLimits? proxyLimits = null)
    {
        var server = await SandboxServer.StartAsync(options ?? new SandboxOptions { ReadyDelay = TimeSpan.Zero }, bookmarkInterval, time: time, proxyLimits: proxyLimits);
        var folder = Path.Combine(Path.GetTempPath(), "kins-sandbox-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestSandbox(server, folder);
    }

    public async Task<(HttpStatusCode Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 || !text.TrimStart().StartsWith('{') ? null : JsonNode.Parse(text));
    }

    /// <summary>A pod of kins-system as kubectl reads it, or null when there is none.</summary>
    public async Task<JsonNode?> PodAsync(string name)
    {
        var result = await Kubectl.RunAsync("get", "pod", "-n", "kins-system", name, "-o", "json", "--ignore-not-found");
        return result.Stdout.Trim().Length == 0 ? null : JsonNode.Parse(result.Stdout);
    }

    /// <summary>Flips a node's Ready condition through the sandbox's control endpoint.</summary>
    public async Task SetNodeReadyAsync(string node, bool ready)
    {
        var (code, _) = await SendAsync(HttpMethod.Post, $"/sandbox/nodes/{node}/{(ready ? "ready" : "notready")}");
        Assert.Equal(HttpStatusCode.OK, code);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked every 50 ms) or fails the test.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) { return; }
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
