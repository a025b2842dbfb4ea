using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Kins.Core.Kubeconfigs;

/// <summary>Reads and writes <see cref="KubeconfigDocument"/> YAML as kubectl does.</summary>
internal static class KubeconfigYaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
    private static readonly ISerializer Writer = new SerializerBuilder()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    public static string Serialize(KubeconfigDocument document) => Writer.Serialize(document);

    /// <summary>Parses a kubeconfig; a syntax error names the line and column, and quotes the line unless it holds a secret.</summary>
    public static KubeconfigDocument Parse(string yaml, string sourceDescription)
    {
        try
        {
            return Reader.Deserialize<KubeconfigDocument>(yaml) ?? throw new FormatException($"{sourceDescription} is empty.");
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
