import App

TLSPeekCommand.main()
