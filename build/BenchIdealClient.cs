// The Bench's ideal client: the limit a promotion tool can approach. One HTTP/2 connection; all merge patches
// with at most N in flight; one watch of the kins-system pods, opened before the first patch, followed until every
// unit's server pod is Ready. No retries, no checks, no reporting: only what the task itself needs.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

public static class KinsBenchIdealClient
{
    private const string ServerPodSuffix = "-server-kins-0";

    /// <summary>Promotes <paramref name="units"/> to L4 and returns the seconds until each has its server pod Ready.</summary>
    public static double Promote(string endpoint, string token, string[] units, int inFlight)
    {
        return PromoteAsync(endpoint, token, units, inFlight).GetAwaiter().GetResult();
    }

    private static async Task<double> PromoteAsync(string endpoint, string token, string[] units, int inFlight)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, MaxConnectionsPerServer = 1 };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler)
        {
            BaseAddress = new Uri(endpoint),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clock = Stopwatch.StartNew();
        var waiting = new HashSet<string>(units, StringComparer.Ordinal);
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        string resourceVersion;
        using (var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/namespaces/kins-system/pods")))
        {
            resourceVersion = list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        }
        using var stop = new CancellationTokenSource();
        var watch = WatchAsync(http, resourceVersion, waiting, allReady, stop.Token);

        using var slots = new SemaphoreSlim(inFlight);
        var body = "{\"spec\":{\"autonomyLevel\":\"L4\"}}";
        var patches = units.Select(async unit =>
        {
            await slots.WaitAsync();
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/merge-patch+json");
                using var response = await http.PatchAsync("/apis/site.superedge.io/v1alpha2/nodeunits/" + unit, content);
                response.EnsureSuccessStatusCode();
            }
            finally
            {
                slots.Release();
            }
        }).ToArray();
        await Task.WhenAll(patches);
        await Task.WhenAny(allReady.Task, watch);
        stop.Cancel();
        if (!allReady.Task.IsCompleted) { await watch; throw new InvalidOperationException("The watch ended before every unit was Ready."); }
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task WatchAsync(HttpClient http, string resourceVersion, HashSet<string> waiting, TaskCompletionSource allReady, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var path = "/api/v1/namespaces/kins-system/pods?watch=1&allowWatchBookmarks=true&resourceVersion=" + resourceVersion;
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            string? line;
            while ((line = await reader.ReadLineAsync(stop)) != null)
            {
                using var e = JsonDocument.Parse(line);
                var obj = e.RootElement.GetProperty("object");
                var metadata = obj.GetProperty("metadata");
                resourceVersion = metadata.GetProperty("resourceVersion").GetString()!;
                if (e.RootElement.GetProperty("type").GetString() is not ("ADDED" or "MODIFIED")) { continue; }
                var name = metadata.GetProperty("name").GetString()!;
                if (!name.EndsWith(ServerPodSuffix, StringComparison.Ordinal) || !IsReady(obj)) { continue; }
                lock (waiting)
                {
                    if (waiting.Remove(name[..^ServerPodSuffix.Length]) && waiting.Count == 0) { allReady.TrySetResult(); return; }
                }
            }
        }
    }

    private static bool IsReady(JsonElement pod) =>
        pod.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
        && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");
}
