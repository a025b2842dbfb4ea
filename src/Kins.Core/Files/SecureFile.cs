using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using Kins.Core.Errors;

namespace Kins.Core.Files;

/// <summary>
/// Writes files that hold credentials: owner-only permissions from the first byte (0600 on Unix, an ACL for the
/// current user on Windows), written to a temporary file beside the target and renamed into place, so a reader
/// never sees half a file and a failure leaves nothing behind.
/// </summary>
public static class SecureFile
{
    public static FileInfo WriteAllTextAtomically(string path, string content, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        if (!Directory.Exists(directory))
        {
            throw new KinsException(KinsErrorIds.OutFileWriteFailed, KinsErrorCategory.WriteError,
                $"Cannot write '{target}': the folder '{directory}' does not exist. Create it first.", target);
        }
        if (Directory.Exists(target))
        {
            throw new KinsException(KinsErrorIds.OutFileWriteFailed, KinsErrorCategory.InvalidArgument,
                $"'{target}' is a folder; -OutFile needs the path of a file, e.g. '{Path.Combine(target, "kubeconfig")}'.", target);
        }
        if (!overwrite && File.Exists(target))
        {
            throw Exists(target);
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteOwnerOnly(temporary, content);
            File.Move(temporary, target, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(target))
        {
            DeleteQuietly(temporary);
            throw Exists(target);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw new KinsException(KinsErrorIds.OutFileWriteFailed, KinsErrorCategory.WriteError,
                $"Cannot write '{target}': {error.Message}", target, error);
        }
        return new FileInfo(target);
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        if (OperatingSystem.IsWindows())
        {
            RestrictToCurrentUser(path);
        }
    }

    [SupportedOSPlatform("windows")]
    private static void RestrictToCurrentUser(string path)
    {
        var user = WindowsIdentity.GetCurrent().User ?? throw new UnauthorizedAccessException("The current Windows user has no SID.");
        var security = new FileSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.AddAccessRule(new FileSystemAccessRule(user, FileSystemRights.FullControl, AccessControlType.Allow));
        new FileInfo(path).SetAccessControl(security);
    }

    private static KinsException Exists(string target) =>
        new(KinsErrorIds.OutFileExists, KinsErrorCategory.ResourceExists,
            $"'{target}' already exists. Use -Force to overwrite it, or choose another -OutFile.", target);

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
