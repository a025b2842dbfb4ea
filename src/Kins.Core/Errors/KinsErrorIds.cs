namespace Kins.Core.Errors;

/// <summary>Every stable error id Kins reports (the first part of an ErrorRecord's FullyQualifiedErrorId).</summary>
public static class KinsErrorIds
{
    public const string NotImplemented = "KinsNotImplemented";
    public const string KubeconfigNotFound = "KubeconfigNotFound";
    public const string KubeconfigInvalid = "KubeconfigInvalid";
    public const string ContextNotFound = "ContextNotFound";
    public const string ClusterMismatch = "ClusterMismatch";
    public const string CredentialPluginFailed = "CredentialPluginFailed";
    public const string ClusterUnreachable = "ClusterUnreachable";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string NodeUnitCrdNotInstalled = "NodeUnitCrdNotInstalled";
    public const string NodeUnitNotFound = "NodeUnitNotFound";
    public const string NodeUnitAlreadyExists = "NodeUnitAlreadyExists";
    public const string InvalidNodeUnitName = "InvalidNodeUnitName";
    public const string InvalidAutonomyLevel = "InvalidAutonomyLevel";
    public const string InsufficientReadyNodes = "InsufficientReadyNodes";
    public const string ServerNodeUnschedulable = "ServerNodeUnschedulable";
    public const string NodeUnitDeleting = "NodeUnitDeleting";
    public const string NodeUnitHasEdgeCluster = "NodeUnitHasEdgeCluster";
    public const string NodeUnitSkipped = "NodeUnitSkipped";
    public const string ParameterNeedsWait = "ParameterNeedsWait";
    public const string NodeUnitHasNoEdgeCluster = "NodeUnitHasNoEdgeCluster";
    public const string EdgeClusterNotReady = "EdgeClusterNotReady";
    public const string KinsPromotionFailed = "KinsPromotionFailed";
    public const string KinsPromotionTimeout = "KinsPromotionTimeout";
    public const string KinsDemotionTimeout = "KinsDemotionTimeout";
    public const string KinsDeletionTimeout = "KinsDeletionTimeout";
    public const string KinsConfigMapNotFound = "KinsConfigMapNotFound";
    public const string KinsKubeconfigKeyMissing = "KinsKubeconfigKeyMissing";
    public const string KinsKubeconfigInvalid = "KinsKubeconfigInvalid";
    public const string TunnelCloudNotFound = "TunnelCloudNotFound";
    public const string HttpProxyPortNotFound = "HttpProxyPortNotFound";
    public const string MasterAddressNotFound = "MasterAddressNotFound";
    public const string KinsServiceNotFound = "KinsServiceNotFound";
    public const string OutFileExists = "OutFileExists";
    public const string OutFileWriteFailed = "OutFileWriteFailed";
    public const string SandboxStartFailed = "SandboxStartFailed";
    public const string SandboxNotFound = "SandboxNotFound";
    public const string ApiRequestFailed = "KubernetesApiRequestFailed";
    public const string OperationCanceled = "OperationCanceled";
    public const string LeftoverNotRemovable = "LeftoverNotRemovable";
    /// <summary>A taint named to Repair-NodeUnit -RestoreTaint that site-manager's L3 taint filter cannot have stripped, or that does not parse.</summary>
    public const string InvalidTaint = "InvalidTaint";
    /// <summary>-RestoreTaint on unit-node-all: it spans every Linux node, masters included, and never carries a stripped taint of its own.</summary>
    public const string DefaultNodeUnitNotRestorable = "DefaultNodeUnitNotRestorable";
    /// <summary>Over 63 characters: the name is a node label key, site-manager fails the unit at every pass.</summary>
    public const string NodeUnitNameTooLong = "NodeUnitNameTooLong";
    /// <summary>Not a DNS-1035 label (starts with a letter, no dots): the unit's Services cannot be created.</summary>
    public const string NodeUnitNameNotPromotable = "NodeUnitNameNotPromotable";
    /// <summary>Over 46 characters: <c>&lt;unit&gt;-server-kins-init</c> exceeds 63.</summary>
    public const string NodeUnitNameTooLongToPromote = "NodeUnitNameTooLongToPromote";
    /// <summary>Over 40 characters: the server StatefulSet can make no pods.</summary>
    public const string NodeUnitNameTooLongForL4 = "NodeUnitNameTooLongForL4";
    /// <summary>Over 35 characters: the join StatefulSet can make no pods.</summary>
    public const string NodeUnitNameTooLongForL5 = "NodeUnitNameTooLongForL5";
    /// <summary>unit-node-all spans every Linux node; promoting it would build one K3s over all of them (flaw 13).</summary>
    public const string DefaultNodeUnitNotPromotable = "DefaultNodeUnitNotPromotable";
}
