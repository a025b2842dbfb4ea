using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>One context of a merged kubeconfig with the cluster and user it names.</summary>
internal sealed record SelectedContext(string Name, string? Namespace, string ClusterName, KubeconfigCluster Cluster, string? UserName, KubeconfigUser? User, string SourceDescription)
{
    /// <summary>Selects <paramref name="contextName"/>, or the current-context when it is null or empty.</summary>
    public static SelectedContext From(MergedKubeconfig config, string? contextName)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = string.IsNullOrEmpty(contextName) ? config.CurrentContext : contextName;
        if (string.IsNullOrEmpty(name))
        {
            throw NotFound(config, null, $"{config.Description} sets no current-context. Choose one with -Context: {Listing(config)}.");
        }
        if (!config.TryGetContext(name, out var context))
        {
            throw NotFound(config, name, $"The context '{name}' does not exist in {config.Description}. {Listing(config, "Existing contexts: ")}");
        }
        if (string.IsNullOrEmpty(context.Cluster) || !config.TryGetCluster(context.Cluster, out var cluster))
        {
            throw Invalid(config, name, $"The context '{name}' in {config.Description} names the cluster '{context.Cluster}', which is not defined there.");
        }
        KubeconfigUser? user = null;
        if (!string.IsNullOrEmpty(context.User) && !config.TryGetUser(context.User, out user))
        {
            throw Invalid(config, name, $"The context '{name}' in {config.Description} names the user '{context.User}', which is not defined there.");
        }
        return new SelectedContext(name, context.Namespace, context.Cluster, cluster, context.User, user, config.Description);
    }

    private static string Listing(MergedKubeconfig config, string prefix = "") =>
        config.ContextNames.Count == 0 ? "it defines no contexts" : prefix + string.Join(", ", config.ContextNames) + (prefix.Length > 0 ? "." : string.Empty);

    private static KinsException NotFound(MergedKubeconfig config, string? name, string message) =>
        new(KinsErrorIds.ContextNotFound, KinsErrorCategory.ObjectNotFound, message, name)
        {
            RecommendedAction = config.ContextNames.Count == 0
                ? "Use a kubeconfig that defines a context."
                : "Use -Context with one of: " + string.Join(", ", config.ContextNames),
        };

    private static KinsException Invalid(MergedKubeconfig config, string name, string message) =>
        new(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.InvalidData, message, name)
        {
            RecommendedAction = $"Fix the context '{name}' in {config.Description}.",
        };
}
