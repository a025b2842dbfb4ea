using Kins.Core.Errors;
using Kins.Core.Files;

namespace Kins.Core.Tests;

public sealed class SecureFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kins-securefile-").FullName;

    [Fact]
    public void Writes_the_file_owner_only_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_folder, "edge.kubeconfig");
        var file = SecureFile.WriteAllTextAtomically(path, "secret", overwrite: false);
        Assert.Equal("secret", File.ReadAllText(file.FullName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Refuses_to_overwrite_without_force_and_keeps_the_old_content()
    {
        var path = Path.Combine(_folder, "edge.kubeconfig");
        File.WriteAllText(path, "old");
        var error = Assert.Throws<KinsException>(() => SecureFile.WriteAllTextAtomically(path, "new", overwrite: false));
        Assert.Equal(KinsErrorIds.OutFileExists, error.ErrorId);
        Assert.Contains("-Force", error.Message, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Overwrites_with_force_and_tightens_permissions()
    {
        var path = Path.Combine(_folder, "edge.kubeconfig");
        File.WriteAllText(path, "old");
        SecureFile.WriteAllTextAtomically(path, "new", overwrite: true);
        Assert.Equal("new", File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_missing_folder_is_a_write_error_that_creates_nothing()
    {
        var path = Path.Combine(_folder, "no-such-folder", "edge.kubeconfig");
        var error = Assert.Throws<KinsException>(() => SecureFile.WriteAllTextAtomically(path, "x", overwrite: false));
        Assert.Equal(KinsErrorIds.OutFileWriteFailed, error.ErrorId);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
