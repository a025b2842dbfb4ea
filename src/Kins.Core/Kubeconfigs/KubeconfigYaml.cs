using Kins.Core.Connection;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Kins.Core.Kubeconfigs;

/// <summary>Reads the kubeconfigs site-manager publishes and writes the ones Kins hands out, on the connection layer's model.</summary>
internal static class KubeconfigYaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
    private static readonly ISerializer Writer = new SerializerBuilder()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitDefaults)
        .Build();

    /// <summary>A kubeconfig with one cluster, user and context per entry, all three named by the entry's name.</summary>
    public static string Write(IReadOnlyList<(string Name, KubeconfigEntry Entry)> entries)
    {
        var document = new KubeconfigDocument
        {
            ApiVersion = "v1",
            Kind = "Config",
            Clusters = [.. entries.Select(e => new NamedKubeconfigCluster { Name = e.Name, Cluster = e.Entry.Cluster })],
            Contexts = [.. entries.Select(e => new NamedKubeconfigContext
            {
                Name = e.Name,
                Context = new KubeconfigContext { Cluster = e.Name, User = e.Name, Namespace = e.Entry.Namespace ?? "default" },
            })],
            CurrentContext = entries.Count > 0 ? entries[0].Name : null,
            Users = [.. entries.Select(e => new NamedKubeconfigUser { Name = e.Name, User = e.Entry.User })],
        };
        return Writer.Serialize(document);
    }

    /// <summary>Parses a kubeconfig; a syntax error names the line and column, and quotes the line unless it holds a secret.</summary>
    public static KubeconfigDocument Parse(string yaml, string sourceDescription)
    {
        try
        {
            return Reader.Deserialize<KubeconfigDocument?>(yaml) ?? throw new FormatException($"{sourceDescription} is empty.");
        }
        catch (YamlException error)
        {
            var line = (int)error.Start.Line;
            throw new FormatException(
                $"{sourceDescription} is not a valid kubeconfig: YAML breaks at line {line}, column {error.Start.Column}{QuoteLine(yaml, line)}.",
                error);
        }
    }

    private static string QuoteLine(string yaml, int lineNumber)
    {
        var lines = yaml.Split('\n');
        if (lineNumber < 1 || lineNumber > lines.Length)
        {
            return string.Empty;
        }
        var text = lines[lineNumber - 1].TrimEnd('\r');
        return SecretRedaction.MayHoldSecret(text) ? " (the line holds a credential and is not shown)" : $": '{text.Trim()}'";
    }
}
