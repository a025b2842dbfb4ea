namespace Kins.Sandbox.Store;

/// <summary>The built-in resources the sandbox serves (the ones SuperEdge's site-manager and the cmdlets touch).</summary>
internal static class BuiltinResources
{
    public static ResourceType Namespaces { get; } = Core("namespaces", "namespace", "Namespace", false, ["ns"], status: true);
    public static ResourceType Nodes { get; } = Core("nodes", "node", "Node", false, ["no"], status: true);
    public static ResourceType Pods { get; } = Core("pods", "pod", "Pod", true, ["po"], status: true, all: true);
    public static ResourceType Services { get; } = Core("services", "service", "Service", true, ["svc"], status: true, all: true);
    public static ResourceType ConfigMaps { get; } = Core("configmaps", "configmap", "ConfigMap", true, ["cm"]);
    public static ResourceType Secrets { get; } = Core("secrets", "secret", "Secret", true, []);
    public static ResourceType Events { get; } = Core("events", "event", "Event", true, ["ev"]);
    public static ResourceType PersistentVolumes { get; } = Core("persistentvolumes", "persistentvolume", "PersistentVolume", false, ["pv"], status: true);
    public static ResourceType PersistentVolumeClaims { get; } = Core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, ["pvc"], status: true);
    public static ResourceType DaemonSets { get; } = Apps("daemonsets", "daemonset", "DaemonSet", ["ds"]);
    public static ResourceType StatefulSets { get; } = Apps("statefulsets", "statefulset", "StatefulSet", ["sts"]);

    public static ResourceType StorageClasses { get; } = new()
    {
        Group = "storage.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "storageclasses", Singular = "storageclass",
        Kind = "StorageClass", Namespaced = false, ShortNames = ["sc"],
    };

    public static ResourceType CustomResourceDefinitions { get; } = new()
    {
        Group = "apiextensions.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false,
        ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true,
    };

    public static ResourceType Leases { get; } = new()
    {
        Group = "coordination.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "leases", Singular = "lease",
        Kind = "Lease", Namespaced = true,
    };

    public static ResourceType SelfSubjectAccessReviews { get; } = Review("selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview");
    public static ResourceType SelfSubjectRulesReviews { get; } = Review("selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview");

    // No SelfSubjectReview (kubectl auth whoami): it came in Kubernetes 1.26, and the sandbox is a 1.22 server.

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, Nodes, Pods, Services, ConfigMaps, Secrets, Events, PersistentVolumes, PersistentVolumeClaims,
        DaemonSets, StatefulSets, StorageClasses, CustomResourceDefinitions, Leases, SelfSubjectAccessReviews, SelfSubjectRulesReviews,
    ];

    /// <summary>Whether the type is a review answered on the fly (authorization.k8s.io), never stored.</summary>
    public static bool IsReview(ResourceType type) => type == SelfSubjectAccessReviews || type == SelfSubjectRulesReviews;

    private static ResourceType Review(string plural, string singular, string kind) => new()
    {
        Group = "authorization.k8s.io", Version = "v1", StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
        Namespaced = false, Verbs = ["create"],
    };

    private static ResourceType Core(string plural, string singular, string kind, bool namespaced, string[] shortNames, bool status = false, bool all = false) => new()
    {
        Group = string.Empty, Version = "v1", StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
        Namespaced = namespaced, ShortNames = shortNames, HasStatus = status, Categories = all ? ["all"] : [],
    };

    private static ResourceType Apps(string plural, string singular, string kind, string[] shortNames) => new()
    {
        Group = "apps", Version = "v1", StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
        Namespaced = true, ShortNames = shortNames, HasStatus = true, Categories = ["all"],
    };
}
