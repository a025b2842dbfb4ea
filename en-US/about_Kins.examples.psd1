# The setup of each example block of about_Kins.help.txt (blocks of "PS> " lines, in order), for the test suite
# (tests/pester/HelpExamples.Tests.ps1). Keys as in module/help/README.md: Setup, Sandbox; what a block prints
# follows its commands in the text itself.
@{
    Examples = @(
        @{
            Sandbox = @{ Sites = 3 }
            Setup   = @'
New-NodeUnit old-1 -Node site-0003-node-1
'@
        }
        @{
            Sandbox = @{ Sites = 1 }
            Setup   = @'
Copy-Item $sandbox.Kubeconfig ./clusters.kubeconfig
kubectl --kubeconfig ./clusters.kubeconfig config rename-context kins-sandbox prod
$env:KUBECONFIG = (Resolve-Path ./clusters.kubeconfig).Path
'@
        }
        @{ Sandbox = $false }
        @{ }
    )
}
