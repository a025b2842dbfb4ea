using Kins.Core.SuperEdge;
using Kins.Sandbox.Edge;
using Xunit;

namespace Kins.Sandbox.Tests;

/// <summary>The edge endpoint's /version follows the K3s image its server runs.</summary>
public sealed class K3sVersionTests
{
    [Theory]
    [InlineData("rancher/k3s:v1.23.4-k3s1", "v1.23.4+k3s1", "23")]
    [InlineData("registry.example.com:5000/rancher/k3s:v1.24.17-k3s2", "v1.24.17+k3s2", "24")]
    [InlineData(SuperEdgeNames.DefaultK3sImage, SuperEdgeNames.K3sGitVersion, "22")]
    [InlineData("rancher/k3s", SuperEdgeNames.K3sGitVersion, "22")]
    [InlineData(null, SuperEdgeNames.K3sGitVersion, "22")]
    public void Answers_the_version_of_the_image_tag(string? image, string gitVersion, string minor)
    {
        var version = K3sVersion.Document(image);

        Assert.Equal(gitVersion, (string?)version["gitVersion"]);
        Assert.Equal("1", (string?)version["major"]);
        Assert.Equal(minor, (string?)version["minor"]);
    }
}
