using Kins.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Kins.Core.Connection;

/// <summary>Reads and merges the kubeconfig files of a source. Never writes them.</summary>
internal static class KubeconfigLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    public static MergedKubeconfig Load(KubeconfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var merged = new MergedKubeconfig(source.Description);
        var empty = new List<string>();
        foreach (var file in source.Files)
        {
            var text = ReadText(file);
            if (string.IsNullOrWhiteSpace(text))
            {
                empty.Add(file);
                continue;
            }
            merged.Merge(Parse(text, file, Path.GetDirectoryName(file) ?? "."));
        }
        // An empty file among others is skipped as kubectl does; all of them empty is a broken configuration, not a missing context.
        if (empty.Count > 0 && empty.Count == source.Files.Count)
        {
            throw new KinsException(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.InvalidData,
                empty.Count == 1 ? $"The kubeconfig file '{empty[0]}' is empty." : $"The kubeconfig files {string.Join(", ", empty.Select(f => $"'{f}'"))} are empty.",
                empty[0])
            {
                RecommendedAction = "Point -Kubeconfig or $env:KUBECONFIG at a kubeconfig that defines a context (a Kins sandbox writes one; see its Kubeconfig property).",
            };
        }
        return merged;
    }

    /// <summary>Parses one file and makes its relative paths absolute against the file's own folder, as kubectl does before merging.</summary>
    public static KubeconfigDocument ReadFile(string path) =>
        Parse(ReadText(path), path, Path.GetDirectoryName(path) ?? ".");

    private static KubeconfigDocument Parse(string text, string path, string directory)
    {
        var document = Parse(text, path);
        ResolvePaths(document, directory);
        return document;
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KinsException(KinsErrorIds.KubeconfigInvalid, e is UnauthorizedAccessException ? KinsErrorCategory.PermissionDenied : KinsErrorCategory.ResourceUnavailable, $"Cannot read the kubeconfig file '{path}': {e.Message}", path, e);
        }
    }

    public static KubeconfigDocument Parse(string text, string origin)
    {
        try
        {
            return Deserializer.Deserialize<KubeconfigDocument?>(text) ?? new KubeconfigDocument();
        }
        catch (YamlException e)
        {
            // The position only: the text around it may hold a token.
            throw new KinsException(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.InvalidData,
                $"The kubeconfig '{origin}' is not valid YAML (line {e.Start.Line}, column {e.Start.Column}).", origin, e);
        }
    }

    private static void ResolvePaths(KubeconfigDocument document, string directory)
    {
        foreach (var cluster in (document.Clusters ?? []).Select(c => c.Cluster).OfType<KubeconfigCluster>())
        {
            cluster.CertificateAuthority = Absolute(cluster.CertificateAuthority, directory);
        }
        foreach (var user in (document.Users ?? []).Select(u => u.User).OfType<KubeconfigUser>())
        {
            user.ClientCertificate = Absolute(user.ClientCertificate, directory);
            user.ClientKey = Absolute(user.ClientKey, directory);
            user.TokenFile = Absolute(user.TokenFile, directory);
            // A bare command name is looked up on PATH; one with a separator is a path from the file.
            if (user.Exec?.Command is { } command && command.IndexOfAny(['/', '\\']) >= 0)
            {
                user.Exec.Command = Absolute(command, directory);
            }
        }
    }

    private static string? Absolute(string? path, string directory) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));
}
