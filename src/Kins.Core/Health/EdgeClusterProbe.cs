using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Kins.Core.Connection;
using Kins.Core.Errors;
using Kins.Core.Kubeconfigs;
using Kins.Core.Model;
using Kins.Core.NodeUnits;

namespace Kins.Core.Health;

/// <summary>
/// Reaches a unit's K3s API from the cloud as an operator would with New-KinsProxyKubeconfig's file: through
/// tunnel-cloud's http-proxy, TLS unverified as SuperEdge requires, with the unit's own token. Asks
/// <c>/version</c>, <c>/readyz</c> (the server pods have no probes: this is the check that counts) and the nodes.
/// Nothing is written to disk; the token stays in this call.
/// </summary>
public static class EdgeClusterProbe
{
    /// <summary>
    /// Probes one unit. Problems on the cloud side (unit missing, at L3, not yet published) throw KinsExceptions;
    /// everything on the way to the edge and back is reported in the result.
    /// </summary>
    public static async Task<EdgeClusterHealth> ProbeAsync(KinsConnection connection, string unitName, string proxyUrl, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var unit = await NodeUnitReader.GetAsync(connection, unitName, cancellationToken).ConfigureAwait(false);
        if (unit.Level == AutonomyLevel.L3)
        {
            // Said here rather than by the kubeconfig reader: a fleet-wide probe meets L3 units as a matter of course.
            throw new KinsException(KinsErrorIds.NodeUnitHasNoEdgeCluster, KinsErrorCategory.InvalidOperation,
                $"NodeUnit '{unit.Name}' is at L3: it has no edge K3s cluster to probe.", unit.Name)
            {
                RecommendedAction = "Probe only promoted units: Get-NodeUnit | Where-Object AutonomyLevel -ne L3 | Test-KinsEdgeCluster",
            };
        }
        var kubeconfig = await KinsKubeconfigs.NewProxyAsync(connection, unit, proxyUrl, useServiceIp: false, cancellationToken).ConfigureAwait(false);
        var entry = kubeconfig.Entry;
        var result = new ProbeResult();
        using (var http = NewClient(entry, kubeconfig.Server))
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                await RunAsync(http, result, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                (result.Failure, result.Message) = deadline.IsCancellationRequested
                    ? (EdgeProbeFailure.TimedOut, $"no answer from {kubeconfig.Server} through tunnel-cloud ({proxyUrl}) within {timeout.TotalSeconds:0.#} s")
                    : EdgeProbeErrors.Classify(error, proxyUrl, kubeconfig.Server);
            }
        }
        return new EdgeClusterHealth
        {
            NodeUnit = unit.Name,
            AutonomyLevel = unit.Spec.AutonomyLevel ?? string.Empty,
            Reachable = result.Version is not null,
            Failure = result.Failure,
            Message = result.Message,
            Version = result.Version,
            Nodes = result.Nodes,
            ReadyNodes = result.ReadyNodes,
            NotReadyNodes = [.. result.Nodes.Except(result.ReadyNodes, StringComparer.Ordinal)],
            RoundTrip = result.RoundTrip,
            Server = kubeconfig.Server,
            ProxyUrl = ClusterProxy.Redact(proxyUrl),
            CheckedAt = DateTime.UtcNow,
            Context = connection.ContextName,
            Kubeconfig = connection.KubeconfigPath,
            ApiServer = connection.Server,
        };
    }

    private static async Task RunAsync(HttpClient http, ProbeResult result, CancellationToken cancellationToken)
    {
        using (var version = await GetJsonAsync(http, "/version", cancellationToken).ConfigureAwait(false))
        {
            result.Version = version.RootElement.TryGetProperty("gitVersion", out var git) ? git.GetString() ?? string.Empty : string.Empty;
        }
        // The tunnel and TLS are up now: this request's time is the round trip to the site and back.
        var started = Stopwatch.GetTimestamp();
        using var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var text = (await readyz.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        result.RoundTrip = Stopwatch.GetElapsedTime(started);
        using (var nodes = await GetJsonAsync(http, "/api/v1/nodes", cancellationToken).ConfigureAwait(false))
        {
            foreach (var node in nodes.RootElement.GetProperty("items").EnumerateArray())
            {
                var name = node.GetProperty("metadata").GetProperty("name").GetString() ?? string.Empty;
                result.Nodes.Add(name);
                if (IsReady(node)) { result.ReadyNodes.Add(name); }
            }
        }
        result.Nodes.Sort(StringComparer.Ordinal);
        result.ReadyNodes.Sort(StringComparer.Ordinal);
        if (!readyz.IsSuccessStatusCode || text != "ok")
        {
            result.Failure = EdgeProbeFailure.NotReady;
            result.Message = $"/readyz answered {(int)readyz.StatusCode}: {Shorten(text)}";
        }
    }

    private static HttpClient NewClient(KubeconfigEntry entry, string server)
    {
        var transport = new ClusterTransport
        {
            Server = new Uri(server),
            InsecureSkipTlsVerify = entry.Cluster.InsecureSkipTlsVerify,
            Proxy = ClusterProxy.Create(entry.Cluster.ProxyUrl, "the unit's cloud-side kubeconfig"),
            RequestTimeout = Timeout.InfiniteTimeSpan,
        };
        var http = new HttpClient(transport.CreateHandler(), disposeHandler: true) { BaseAddress = new Uri(server), Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(entry.User.Token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", entry.User.Token);
        }
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}", null, response.StatusCode);
        }
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsReady(JsonElement node) =>
        node.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions) &&
        conditions.EnumerateArray().Any(c => c.TryGetProperty("type", out var t) && t.GetString() == "Ready" &&
                                             c.TryGetProperty("status", out var s) && s.GetString() == "True");

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed class ProbeResult
    {
        public string? Version { get; set; }
        public List<string> Nodes { get; } = [];
        public List<string> ReadyNodes { get; } = [];
        public TimeSpan? RoundTrip { get; set; }
        public EdgeProbeFailure Failure { get; set; }
        public string Message { get; set; } = string.Empty;
    }
}
