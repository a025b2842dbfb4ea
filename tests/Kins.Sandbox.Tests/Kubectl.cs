using System.ComponentModel;
using System.Diagnostics;

namespace Kins.Sandbox.Tests;

/// <summary>Runs the real kubectl against a sandbox (its own kubeconfig and a private discovery cache). Missing kubectl fails the test.</summary>
internal sealed class Kubectl
{
    private readonly string _kubeconfig;
    private readonly string _cacheDir;

    public Kubectl(string kubeconfig, string cacheDir)
    {
        _kubeconfig = kubeconfig;
        _cacheDir = cacheDir;
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public async Task<Result> RunAsync(params string[] args) => await RunWithTimeoutAsync(TimeSpan.FromSeconds(60), args);

    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(_kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(_cacheDir);
        foreach (var a in args) { start.ArgumentList.Add(a); }
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"kubectl is not on PATH ({e.Message}). These conformance tests run the real kubectl 1.32; install it and run again.");
            throw;
        }
    }

    public async Task<Result> RunWithTimeoutAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public async Task<Result> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result;
    }
}
