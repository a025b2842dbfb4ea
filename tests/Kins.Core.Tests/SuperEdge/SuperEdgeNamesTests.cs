using Kins.Core.SuperEdge;

namespace Kins.Core.Tests.SuperEdge;

/// <summary>Every name of SITE-MANAGER.md, pinned as the sheet spells it (never derived from the code under test).</summary>
public sealed class SuperEdgeNamesTests
{
    [Fact]
    public void The_resource_is_named_as_in_the_sheet()
    {
        Assert.Equal("site.superedge.io", SuperEdgeNames.Group);
        Assert.Equal("v1alpha2", SuperEdgeNames.Version);
        Assert.Equal("site.superedge.io/v1alpha2", SuperEdgeNames.ApiVersion);
        Assert.Equal("nodeunits", SuperEdgeNames.Plural);
        Assert.Equal("nodeunit", SuperEdgeNames.Singular);
        Assert.Equal("NodeUnit", SuperEdgeNames.Kind);
        Assert.Equal("nu", SuperEdgeNames.ShortName);
        Assert.Equal("nodeunits.site.superedge.io", SuperEdgeNames.CrdName);
    }

    [Fact]
    public void Labels_finalizer_annotation_and_taint_are_named_as_in_the_sheet()
    {
        Assert.Equal("site.superedge.io/nodeunit", SuperEdgeNames.Finalizer);
        Assert.Equal("test", SuperEdgeNames.MembershipLabelKey("test"));
        Assert.Equal("nodeunits.superedge.io", SuperEdgeNames.MembershipLabelValue);
        Assert.Equal("site.superedge.io/kins-resource", SuperEdgeNames.KinsResourceLabel);
        Assert.Equal("yes", SuperEdgeNames.KinsResourceLabelValue);
        Assert.Equal("site.superedge.io/kins-role", SuperEdgeNames.KinsRoleLabel);
        Assert.Equal("server", SuperEdgeNames.KinsRoleServer);
        Assert.Equal("site.superedge.io/nodeunit", SuperEdgeNames.PvcUnitLabel);
        Assert.Equal("site.superedge.io/clear-cluster", SuperEdgeNames.ClearClusterAnnotation);
        Assert.Equal("kins", SuperEdgeNames.KinsTaintKey);
        Assert.Equal("NoSchedule", SuperEdgeNames.KinsTaintEffect);
        Assert.Equal("site.superedge.io/kins-resource=yes,test=nodeunits.superedge.io", SuperEdgeNames.UnitResourceSelector("test"));
    }

    [Fact]
    public void The_objects_of_a_promoted_unit_are_named_as_in_the_sheet()
    {
        Assert.Equal("kins-system", SuperEdgeNames.KinsNamespace);
        Assert.Equal("kins-localvolume", SuperEdgeNames.StorageClassName);
        Assert.Equal("test-local-pv-edge1", SuperEdgeNames.LocalPersistentVolume("test", "edge1"));
        Assert.Equal("test-cri-kins", SuperEdgeNames.CriDaemonSet("test"));
        Assert.Equal("test-server-kins-init", SuperEdgeNames.KinsInitService("test"));
        Assert.Equal("test-server-kins", SuperEdgeNames.ServerStatefulSet("test"));
        Assert.Equal("test-server-kins-0", SuperEdgeNames.FirstServerPod("test"));
        Assert.Equal("test-server-kins-join", SuperEdgeNames.JoinStatefulSet("test"));
        Assert.Equal("test-svc-kins", SuperEdgeNames.KinsService("test"));
        Assert.Equal("test-agent-kins", SuperEdgeNames.AgentDaemonSet("test"));
        Assert.Equal("test-sec-kins", SuperEdgeNames.KinsSecret("test"));
        Assert.Equal("test-cm-kins", SuperEdgeNames.KinsConfigMap("test"));
        Assert.Equal("kubeconfig.conf", SuperEdgeNames.KubeconfigKey);
        Assert.Equal("k3stoken", SuperEdgeNames.K3sTokenKey);
        Assert.Equal("jointoken", SuperEdgeNames.JoinTokenKey);
        Assert.Equal("known_tokens.csv", SuperEdgeNames.KnownTokensKey);
    }

    [Fact]
    public void The_tunnel_and_defaults_are_as_in_the_sheet()
    {
        Assert.Equal("edge-system", SuperEdgeNames.EdgeSystemNamespace);
        Assert.Equal("tunnel-cloud", SuperEdgeNames.TunnelCloudService);
        Assert.Equal("http-proxy", SuperEdgeNames.HttpProxyPortName);
        Assert.Equal(8080, SuperEdgeNames.HttpProxyPort);
        Assert.Equal(443, SuperEdgeNames.KinsServicePort);
        Assert.Equal(6443, SuperEdgeNames.K3sApiPort);
        Assert.Equal("https://test-svc-kins.kins-system:443", SuperEdgeNames.KinsServiceUrl("test"));
        Assert.Equal("26.0.0.0/16", SuperEdgeNames.DefaultServiceCidr);
        Assert.Equal("40000-41000", SuperEdgeNames.DefaultNodePortRange);
        Assert.Equal("26.0.0.255", SuperEdgeNames.DefaultClusterDns);
        Assert.Equal("https://26.0.0.1", SuperEdgeNames.EdgeClusterServer);
        Assert.Equal("default", SuperEdgeNames.EdgeKubeconfigEntryName);
        Assert.Equal("Insufficient Ready Node", SuperEdgeNames.InsufficientReadyNodeMessage);
        Assert.Equal("Init", SuperEdgeNames.InitConditionType);
        Assert.Equal("Failed", SuperEdgeNames.UnitClusterPhaseFailed);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void A_unit_name_is_required(string? unit) =>
        Assert.ThrowsAny<ArgumentException>(() => SuperEdgeNames.KinsConfigMap(unit!));
}
