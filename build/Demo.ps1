# The Demo task; filled in by the promotion issue.
Write-Error 'The Demo task is not implemented yet in this build of Kins.' -ErrorAction Continue
exit 1
