using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Api;

namespace Kins.Sandbox.Edge;

/// <summary>The <c>/version</c> of the K3s image site-manager deploys (<c>v1.22.6+k3s1</c>).</summary>
internal static class K3sVersion
{
    public static JsonObject Document()
    {
        var version = Discovery.Version();
        version["gitVersion"] = SuperEdgeNames.K3sGitVersion;
        version["gitCommit"] = "3e1919b0d55811c4c2bf6f9b4a7c1e7a5ba7f7a8";
        version["goVersion"] = "go1.16.10";
        return version;
    }
}
