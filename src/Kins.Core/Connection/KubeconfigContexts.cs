namespace Kins.Core.Connection;

/// <summary>Context names for tab completion, read like a connection would read them.</summary>
public static class KubeconfigContexts
{
    /// <summary>The context names of the kubeconfig kubectl would use (explicit path, else $KUBECONFIG merged, else ~/.kube/config); empty when none can be read.</summary>
    public static IReadOnlyList<string> List(string? kubeconfigPath) => List(kubeconfigPath, KubeconfigEnvironment.Current());

    internal static IReadOnlyList<string> List(string? kubeconfigPath, KubeconfigEnvironment environment)
    {
        try
        {
            var source = KubeconfigSource.Resolve(kubeconfigPath, environment);
            return source.InCluster ? [ConnectionFactory.InClusterContextName] : KubeconfigLoader.Load(source).ContextNames;
        }
        catch (Errors.KinsException)
        {
            // Completion offers nothing rather than failing while the user types.
            return [];
        }
    }

    /// <summary>The current-context kubectl would use; null when none is set or no kubeconfig can be read.</summary>
    public static string? Current(string? kubeconfigPath)
    {
        try
        {
            var source = KubeconfigSource.Resolve(kubeconfigPath, KubeconfigEnvironment.Current());
            return source.InCluster ? ConnectionFactory.InClusterContextName : KubeconfigLoader.Load(source).CurrentContext;
        }
        catch (Errors.KinsException)
        {
            return null;
        }
    }
}
