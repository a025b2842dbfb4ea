using System.Collections.Concurrent;
using Kins.Core.Sandbox;
using Kins.Sandbox.Hosting;

namespace Kins.Sandbox.Tests;

/// <summary>The files that hold the sandbox's token: owner-only from their first byte, in an owner-only folder of an unguessable name.</summary>
public sealed class SandboxFilesTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task The_executable_writes_its_kubeconfig_0600_in_a_fresh_0700_folder_and_removes_it_when_stopped()
    {
        if (OperatingSystem.IsWindows()) { return; }
        var sandbox = await SandboxProcess.StartAsync(new SandboxOptions { ReadyDelay = TimeSpan.Zero, Empty = true });
        string folder;
        try
        {
            folder = Path.GetDirectoryName(sandbox.Kubeconfig)!;
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(sandbox.Kubeconfig));
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder));
            // Not derived from anything another user can know (the process id was).
            Assert.DoesNotContain(sandbox.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(folder), StringComparison.Ordinal);
            Assert.Equal([sandbox.Kubeconfig], Directory.GetFiles(folder));
        }
        finally
        {
            await sandbox.DisposeAsync();
        }
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Every_file_the_writer_creates_is_0600_the_moment_it_appears()
    {
        if (OperatingSystem.IsWindows()) { return; }
        var root = KubeconfigFile.CreatePrivateFolder();
        try
        {
            var folder = Path.Combine(root, "new");
            var seen = new ConcurrentBag<(string Name, UnixFileMode Mode)>();
            var kubeconfig = Path.Combine(folder, "kubeconfig");
            KubeconfigFile.Write(kubeconfig, "first");
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder));
            using (var watcher = new FileSystemWatcher(folder) { EnableRaisingEvents = true })
            {
                watcher.Created += (_, e) =>
                {
                    try { if (!OperatingSystem.IsWindows()) { seen.Add((e.Name!, File.GetUnixFileMode(e.FullPath))); } }
                    catch (IOException) { }
                };
                for (var i = 0; i < 20; i++) { KubeconfigFile.Write(kubeconfig, "token: " + new string('x', 64 * 1024)); }
            }
            Assert.All(seen, f => Assert.Equal(OwnerReadWrite, f.Mode));
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(kubeconfig));
            Assert.Equal(["kubeconfig"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
