using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Api;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Edge;

/// <summary>
/// The <c>/version</c> a unit's K3s API answers: that of the image its server runs (the StatefulSet's, which
/// follows the unit's <c>k3s-image</c> parameter): a K3s release tag gives its version (<c>rancher/k3s:v1.23.4-k3s1</c>
/// answers <c>v1.23.4+k3s1</c>); SuperEdge's default image (<c>…/tkeedge/k3s:v1.22.6-revison-1</c>) and any other tag
/// answer <c>v1.22.6+k3s1</c>.
/// </summary>
internal static partial class K3sVersion
{
    /// <summary>The version document of <paramref name="image"/>; K3s' default when the tag is not a K3s release.</summary>
    public static JsonObject Document(string? image)
    {
        var version = Discovery.Version();
        var tag = image is null ? null : Tag(image);
        var match = tag is null ? null : ReleaseTag().Match(tag);
        if (match is not { Success: true })
        {
            // SuperEdge's own K3s build (tag v1.22.6-revison-1) and any other tag: the version that build reports.
            match = ReleaseTag().Match(SuperEdgeNames.K3sGitVersion);
        }
        version["major"] = match.Groups["major"].Value;
        version["minor"] = match.Groups["minor"].Value;
        version["gitVersion"] = string.Create(CultureInfo.InvariantCulture, $"v{match.Groups["major"].Value}.{match.Groups["minor"].Value}.{match.Groups["patch"].Value}+{match.Groups["build"].Value}");
        version["gitCommit"] = "3e1919b0d55811c4c2bf6f9b4a7c1e7a5ba7f7a8";
        version["goVersion"] = "go1.16.10";
        return version;
    }

    /// <summary>The image of the unit's K3s server (<c>&lt;unit&gt;-server-kins</c>), or null before it exists.</summary>
    public static string? ServerImage(StoreClient client, string unit)
    {
        var statefulSet = client.Get(BuiltinResources.StatefulSets, SuperEdgeNames.KinsNamespace, SuperEdgeNames.ServerStatefulSet(unit))?.Parse();
        return (string?)statefulSet?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"];
    }

    private static string? Tag(string image)
    {
        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > lastSlash ? image[(colon + 1)..].Split('@')[0] : null;
    }

    // rancher/k3s tags write the build metadata with '-' (v1.22.6-k3s1) where the version has '+'.
    [GeneratedRegex(@"^v(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)[-+](?<build>k3s\d+)$")]
    private static partial Regex ReleaseTag();
}
